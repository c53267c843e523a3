using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class SearchWithinScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            // Built before the old index is dropped: a node still on the old code keeps searching through an index meanwhile.
            migrationBuilder.CreateIndex(
                name: "ix_calls_search_scope",
                table: "calls",
                columns: new[] { "search_document", "agent_ids", "line" })
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.DropIndex(
                name: "ix_calls_search_document",
                table: "calls");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_search_scope",
                table: "calls");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_calls_search_document",
                table: "calls",
                column: "search_document")
                .Annotation("Npgsql:IndexMethod", "gin");
        }
    }
}
