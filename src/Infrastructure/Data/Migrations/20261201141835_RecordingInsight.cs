using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordingInsight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "agent_talk_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "all_talk_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "analyzed_at",
                table: "call_recordings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "customer_talk_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "longest_monologue_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "longest_silence_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "overtalk_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "silence_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "silences",
                table: "call_recordings",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "recording_peaks",
                columns: table => new
                {
                    call_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    recording_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: false),
                    speakers = table.Column<string>(type: "jsonb", nullable: false),
                    peaks = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recording_peaks", x => new { x.call_sid, x.recording_sid });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recording_peaks");

            migrationBuilder.DropColumn(
                name: "agent_talk_seconds",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "all_talk_seconds",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "analyzed_at",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "customer_talk_seconds",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "longest_monologue_seconds",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "longest_silence_seconds",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "overtalk_seconds",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "silence_seconds",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "silences",
                table: "call_recordings");
        }
    }
}
