using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AutomaticRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "automatic_retries",
                table: "call_recordings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_call_recordings_failed_to_retry",
                table: "call_recordings",
                column: "download_queued_at",
                filter: "state = 'Failed' AND automatic_retries < 3 AND twilio_copy_deleted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_call_recordings_failed_to_retry",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "automatic_retries",
                table: "call_recordings");
        }
    }
}
