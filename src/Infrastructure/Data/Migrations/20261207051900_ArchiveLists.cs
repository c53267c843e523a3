using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArchiveLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_business_id_at",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_call_sid_at",
                table: "audit_entries");

            migrationBuilder.AddColumn<double>(
                name: "silence_seconds",
                table: "calls",
                type: "double precision",
                nullable: true);

            // The calls already measured: their silence, summed over their measured recordings as the domain sums it.
            migrationBuilder.Sql("""
                UPDATE calls AS c SET silence_seconds = m.silence
                FROM (SELECT call_sid, round(sum(silence_seconds)::numeric, 2)::double precision AS silence
                      FROM call_recordings WHERE silence_seconds IS NOT NULL GROUP BY call_sid) AS m
                WHERE c.call_sid = m.call_sid;
                """);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "listed_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: false,
                computedColumnSql: "coalesce(started_at, created_at)",
                stored: true);

            migrationBuilder.AddColumn<double>(
                name: "silence_order",
                table: "calls",
                type: "double precision",
                nullable: false,
                computedColumnSql: "coalesce(silence_seconds, -1)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_list_newest",
                table: "calls",
                columns: new[] { "business_id", "listed_at", "call_sid" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_calls_list_silence",
                table: "calls",
                columns: new[] { "business_id", "silence_order", "listed_at", "call_sid" },
                descending: new[] { false, true, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at_id",
                table: "audit_entries",
                columns: new[] { "at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_business_id_at_id",
                table: "audit_entries",
                columns: new[] { "business_id", "at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_call_sid_at_id",
                table: "audit_entries",
                columns: new[] { "call_sid", "at", "id" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_list_newest",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_list_silence",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_at_id",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_business_id_at_id",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_call_sid_at_id",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "listed_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "silence_order",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "silence_seconds",
                table: "calls");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_business_id_at",
                table: "audit_entries",
                columns: new[] { "business_id", "at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_call_sid_at",
                table: "audit_entries",
                columns: new[] { "call_sid", "at" });
        }
    }
}
