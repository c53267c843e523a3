using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Redaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "redactions",
                table: "calls",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<long>(
                name: "original_length",
                table: "call_recordings",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "original_storage_key",
                table: "call_recordings",
                type: "character varying(160)",
                maxLength: 160,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "original_wrapped_key",
                table: "call_recordings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "redacted_items",
                table: "call_recordings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "redaction",
                table: "call_recordings",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "redaction",
                table: "businesses",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{\"enabled\":false,\"entities\":[\"card\",\"cvv\",\"expiry\",\"israeliId\",\"phone\",\"email\"],\"audio\":\"silence\",\"original\":\"delete\"}'::jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "redactions",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "original_length",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "original_storage_key",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "original_wrapped_key",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "redacted_items",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "redaction",
                table: "call_recordings");

            migrationBuilder.DropColumn(
                name: "redaction",
                table: "businesses");
        }
    }
}
