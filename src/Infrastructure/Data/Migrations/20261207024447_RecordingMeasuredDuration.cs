using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordingMeasuredDuration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "measured_duration_seconds",
                table: "call_recordings",
                type: "double precision",
                nullable: true);

            // Recordings measured before this column: their peaks row already holds the decoded audio's length.
            migrationBuilder.Sql("""
                UPDATE call_recordings AS r
                SET measured_duration_seconds = p.duration_seconds
                FROM recording_peaks AS p
                WHERE p.call_sid = r.call_sid AND p.recording_sid = r.recording_sid AND r.analyzed_at IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "measured_duration_seconds",
                table: "call_recordings");
        }
    }
}
