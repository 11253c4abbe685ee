def test_help_answers_in_the_ack(ada):
    reply = ada.command("help")
    assert reply.status == 200
    assert reply.body["response_type"] == "ephemeral"
    assert "/mlproject new" in reply.body["text"]
