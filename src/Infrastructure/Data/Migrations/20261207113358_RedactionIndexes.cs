using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class RedactionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_call_recordings_awaiting_redaction",
                table: "call_recordings",
                column: "stored_at",
                filter: "redaction = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_call_recordings_kept_originals",
                table: "call_recordings",
                columns: new[] { "call_sid", "recording_sid" },
                filter: "original_wrapped_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_call_recordings_awaiting_redaction",
                table: "call_recordings");

            migrationBuilder.DropIndex(
                name: "ix_call_recordings_kept_originals",
                table: "call_recordings");
        }
    }
}
