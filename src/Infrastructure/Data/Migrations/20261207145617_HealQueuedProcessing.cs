using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class HealQueuedProcessing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_calls_summary_queued",
                table: "calls",
                column: "updated_at",
                filter: "summary_state = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "ix_calls_transcript_queued",
                table: "calls",
                column: "updated_at",
                filter: "transcript_state = 'Queued'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_summary_queued",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_transcript_queued",
                table: "calls");
        }
    }
}
