using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTracker.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddObjectionSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing objections keep NULL: nobody recorded the rule behind them, and guessing one would put them in a
            // "who can remove it" list they may not belong to. The board counts them apart as 根拠未設定.
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Objections",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Source",
                table: "Objections");
        }
    }
}
