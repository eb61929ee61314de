using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTracker.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddPublicationAndShareDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PublicationWithheldReason",
                table: "Procedures",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ShareDrafts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PeriodKind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PeriodYear = table.Column<int>(type: "INTEGER", nullable: false),
                    PeriodMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PostedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PostedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareDrafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ShareDrafts_CreatedAtUtc",
                table: "ShareDrafts",
                column: "CreatedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShareDrafts");

            migrationBuilder.DropColumn(
                name: "PublicationWithheldReason",
                table: "Procedures");
        }
    }
}
