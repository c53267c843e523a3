using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class SweepsKeepUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "checked",
                table: "reconciliation_runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "listed_from",
                table: "reconciliation_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "missing",
                table: "reconciliation_runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "watermark",
                table: "reconciliation_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "has_audio_to_expire",
                table: "calls",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "reconciliation_watermarks",
                columns: table => new
                {
                    account_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    listed_through = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_watermarks", x => x.account_sid);
                });

            // Calls stored before this column: flagged when one of their recordings can expire (Recording.CanExpire);
            // from now on RecordingsDbContext keeps the flag on every save of a call.
            migrationBuilder.Sql("""
                UPDATE calls AS c
                SET has_audio_to_expire = true
                WHERE EXISTS (
                    SELECT 1 FROM call_recordings AS r
                    WHERE r.call_sid = c.call_sid AND r.state IN ('Remote', 'Ready', 'Failed'))
                """);

            migrationBuilder.CreateIndex(
                name: "ix_calls_audio_to_expire",
                table: "calls",
                columns: new[] { "business_id", "listed_at", "call_sid" },
                filter: "has_audio_to_expire");

            migrationBuilder.CreateIndex(
                name: "ix_calls_transcript_to_expire",
                table: "calls",
                columns: new[] { "business_id", "listed_at", "call_sid" },
                filter: "transcript_state NOT IN ('None', 'Disabled', 'Expired')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reconciliation_watermarks");

            migrationBuilder.DropIndex(
                name: "ix_calls_audio_to_expire",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_transcript_to_expire",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "checked",
                table: "reconciliation_runs");

            migrationBuilder.DropColumn(
                name: "listed_from",
                table: "reconciliation_runs");

            migrationBuilder.DropColumn(
                name: "missing",
                table: "reconciliation_runs");

            migrationBuilder.DropColumn(
                name: "watermark",
                table: "reconciliation_runs");

            migrationBuilder.DropColumn(
                name: "has_audio_to_expire",
                table: "calls");
        }
    }
}
