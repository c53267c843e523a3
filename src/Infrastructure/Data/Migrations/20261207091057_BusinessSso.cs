using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class BusinessSso : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "business_sso",
                columns: table => new
                {
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issuer = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    client_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    client_secret_protected = table.Column<string>(type: "text", nullable: false),
                    email_claim = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    role_claim = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    role_values = table.Column<string>(type: "jsonb", nullable: false),
                    teams_claim = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    provision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    password_login = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_sso", x => x.business_id);
                    table.ForeignKey(
                        name: "fk_business_sso_businesses_business_id",
                        column: x => x.business_id,
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_business_sso_issuer",
                table: "business_sso",
                column: "issuer");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "business_sso");
        }
    }
}
