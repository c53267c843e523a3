using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "transcript_expired_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "expired_at",
                table: "call_recordings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "audio_retention_days",
                table: "businesses",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "transcript_retention_days",
                table: "businesses",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "transcript_expired_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "expired_at",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "audio_retention_days",
                table: "businesses");

            migrationBuilder.DropColumn(
                name: "transcript_retention_days",
                table: "businesses");
        }
    }
}
