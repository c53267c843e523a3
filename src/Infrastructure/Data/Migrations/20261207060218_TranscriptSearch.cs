using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class TranscriptSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_transcript_text",
                table: "calls");

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_document",
                table: "calls",
                type: "tsvector",
                nullable: true)
                .Annotation("Npgsql:Compression:", "lz4");

            migrationBuilder.CreateIndex(
                name: "ix_calls_search_document",
                table: "calls",
                column: "search_document")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_calls_search_document_missing",
                table: "calls",
                column: "call_sid",
                filter: "search_document IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_search_document",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_search_document_missing",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "search_document",
                table: "calls");

            migrationBuilder.CreateIndex(
                name: "ix_calls_transcript_text",
                table: "calls",
                column: "transcript_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }
    }
}
