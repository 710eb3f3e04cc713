using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LighterMessageInserts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_messages_users_receiver_id",
                table: "messages");

            migrationBuilder.DropForeignKey(
                name: "fk_messages_users_sender_id",
                table: "messages");

            // What the dropped keys also did: refuse to delete a user who sent or received a message. Unlike the keys, it
            // can't see a message still being sent, nor stop TRUNCATE users: the app never deletes users, it deactivates them.
            migrationBuilder.Sql("""
                CREATE FUNCTION users_keep_message_participants() RETURNS trigger LANGUAGE plpgsql
                SET search_path FROM CURRENT AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM messages WHERE sender_id = OLD.id)
                        OR EXISTS (SELECT 1 FROM messages WHERE receiver_id = OLD.id) THEN
                        RAISE EXCEPTION 'user % took part in messages: deactivate it instead', OLD.id
                            USING ERRCODE = 'foreign_key_violation';
                    END IF;
                    RETURN OLD;
                END
                $$;
                CREATE TRIGGER users_keep_message_participants BEFORE DELETE ON users
                    FOR EACH ROW EXECUTE FUNCTION users_keep_message_participants();
                """);

            migrationBuilder.DropIndex(
                name: "ix_messages_reply_to_id",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_reply_to_id",
                table: "messages",
                column: "reply_to_id",
                filter: "reply_to_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_reply_to_id",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_reply_to_id",
                table: "messages",
                column: "reply_to_id");

            migrationBuilder.Sql("""
                DROP TRIGGER users_keep_message_participants ON users;
                DROP FUNCTION users_keep_message_participants();
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_messages_users_receiver_id",
                table: "messages",
                column: "receiver_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_messages_users_sender_id",
                table: "messages",
                column: "sender_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
