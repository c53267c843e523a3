using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class TranscriptsAndSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<string>(
                name: "processing_error",
                table: "calls",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary_provider",
                table: "calls",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary_text",
                table: "calls",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "transcript_language",
                table: "calls",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "transcript_segments",
                table: "calls",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "transcript_text",
                table: "calls",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_transcript_text",
                table: "calls",
                column: "transcript_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_transcript_text",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "processing_error",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "summary_provider",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "summary_text",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "transcript_language",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "transcript_segments",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "transcript_text",
                table: "calls");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
