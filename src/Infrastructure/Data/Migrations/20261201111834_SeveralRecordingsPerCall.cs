using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class SeveralRecordingsPerCall : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_recordings",
                columns: table => new
                {
                    recording_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    call_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    transcribed = table.Column<bool>(type: "boolean", nullable: false),
                    transcript_text = table.Column<string>(type: "text", nullable: true),
                    recording_url = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    duration_seconds = table.Column<int>(type: "integer", nullable: true),
                    channels = table.Column<int>(type: "integer", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    bytes_downloaded = table.Column<long>(type: "bigint", nullable: true),
                    total_bytes = table.Column<long>(type: "bigint", nullable: true),
                    error = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    content_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    storage_key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    stored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    download_queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_recordings", x => new { x.call_sid, x.recording_sid });
                    table.ForeignKey(
                        name: "fk_call_recordings_calls_call_sid",
                        column: x => x.call_sid,
                        principalTable: "calls",
                        principalColumn: "call_sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_recordings_recording_sid",
                table: "call_recordings",
                column: "recording_sid");

            migrationBuilder.CreateIndex(
                name: "ix_call_recordings_state",
                table: "call_recordings",
                column: "state");

            // Every call's recording moves to a row of its own (calls without one had no SID: nothing to move). A
            // transcript written before becomes the transcript of that recording.
            migrationBuilder.Sql("""
                INSERT INTO call_recordings (call_sid, recording_sid, position, started_at, transcribed, transcript_text,
                    recording_url, state, duration_seconds, channels, completed_at, bytes_downloaded, total_bytes, error,
                    content_sha256, storage_key, stored_at, download_queued_at)
                SELECT call_sid, recording_recording_sid, 0, NULL, transcript_state = 'Done',
                    CASE WHEN transcript_state = 'Done' THEN transcript_text END,
                    recording_recording_url, recording_state, recording_duration_seconds, recording_channels,
                    recording_completed_at, recording_bytes_downloaded, recording_total_bytes, recording_error,
                    recording_content_sha256, recording_storage_key, recording_stored_at, recording_download_queued_at
                FROM calls WHERE recording_recording_sid IS NOT NULL;
                """);

            migrationBuilder.DropIndex(
                name: "ix_calls_recording_recording_sid",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_recording_state",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_bytes_downloaded",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_channels",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_completed_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_content_sha256",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_download_queued_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_duration_seconds",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_error",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_recording_sid",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_recording_url",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_state",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_storage_key",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_stored_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "recording_total_bytes",
                table: "calls");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_recordings");

            migrationBuilder.AddColumn<long>(
                name: "recording_bytes_downloaded",
                table: "calls",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "recording_channels",
                table: "calls",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "recording_completed_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

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

            migrationBuilder.AddColumn<int>(
                name: "recording_duration_seconds",
                table: "calls",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_error",
                table: "calls",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_recording_sid",
                table: "calls",
                type: "character varying(34)",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_recording_url",
                table: "calls",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_state",
                table: "calls",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Missing");

            migrationBuilder.AddColumn<string>(
                name: "recording_storage_key",
                table: "calls",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "recording_stored_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "recording_total_bytes",
                table: "calls",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_recording_recording_sid",
                table: "calls",
                column: "recording_recording_sid");

            migrationBuilder.CreateIndex(
                name: "ix_calls_recording_state",
                table: "calls",
                column: "recording_state");
        }
    }
}
