using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordingDownloads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "recording_content_sha256",
                table: "calls",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "recording_download_queued_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "recording_stored_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_recording_state",
                table: "calls",
                column: "recording_state");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_recording_state",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_content_sha256",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_download_queued_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_stored_at",
                table: "calls");
        }
    }
}
