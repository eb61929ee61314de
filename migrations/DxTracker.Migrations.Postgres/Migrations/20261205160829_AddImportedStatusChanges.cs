using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTracker.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddImportedStatusChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ImportedAtUtc",
                table: "StatusChanges",
                type: "timestamp with time zone",
                nullable: true);

            // Back-fill: the moves the inventory import wrote so far carry its comment (in the importer's language) and were
            // dated at the import itself, so they were imported then. Every other move was made in the tracker (null).
            migrationBuilder.Sql("""UPDATE "StatusChanges" SET "ImportedAtUtc" = "AtUtc" WHERE "Comment" IN ('手続棚卸し表の取込', 'Inventory import')""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ImportedAtUtc",
                table: "StatusChanges");
        }
    }
}
