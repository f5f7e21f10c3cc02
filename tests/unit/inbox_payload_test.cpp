// The inbox payload's typed records: each kind survives the store, and rows written by earlier
// versions (the WeCom message's every field, the console's bare text) read as before.
#include <gtest/gtest.h>

#include "bot/inbox_payload.h"

using namespace hotline::bot::inbox;

TEST(InboxPayload, EachKindRoundTrips) {
    const auto text = std::get<ChatText>(decode(encode(ChatText{.from = "zhangwei", .content = "签收 12"})));
    EXPECT_EQ(text.from, "zhangwei");
    EXPECT_EQ(text.content, "签收 12");
    EXPECT_FALSE(text.unreadable);
    EXPECT_TRUE(std::get<ChatText>(decode(encode(ChatText{.from = "a", .content = "", .unreadable = true}))).unreadable);

    const auto click = std::get<CardClick>(decode(encode(
        CardClick{.from = "zhangwei", .task_id = "t-12-1", .event_key = "accept:12", .response_code = "rc"})));
    EXPECT_EQ(click.task_id, "t-12-1");
    EXPECT_EQ(click.event_key, "accept:12");
    EXPECT_EQ(click.response_code, "rc");

    const auto media = std::get<ChatMedia>(decode(encode(ChatMedia{.from = "zhangwei", .msg_type = "location",
                                                                   .latitude = "41.1", .longitude = "121.2",
                                                                   .label = "和平路12号"})));
    EXPECT_EQ(media.msg_type, "location");
    EXPECT_EQ(media.label, "和平路12号");
    EXPECT_EQ(media.longitude, "121.2");

    const CitizenNumber number{.phone_enc = "enc", .phone_hash = "hash", .phone_masked = "138****8000"};
    const auto reply = std::get<SmsReply>(
        decode(encode(SmsReply{.provider = "tencent", .number = number, .text = "1", .sign = "某某旗", .time = "9"})));
    EXPECT_EQ(reply.provider, "tencent");
    EXPECT_EQ(reply.number.phone_hash, "hash");
    EXPECT_EQ(reply.number.phone_masked, "138****8000");
    EXPECT_EQ(reply.text, "1");
    const auto receipt = std::get<SmsReceipt>(decode(encode(
        SmsReceipt{.provider = "aliyun", .number = number, .provider_id = "B-1", .delivered = true, .detail = "ok"})));
    EXPECT_EQ(receipt.provider_id, "B-1");
    EXPECT_TRUE(receipt.delivered);

    const auto event = std::get<OtherEvent>(decode(encode(OtherEvent{.kind = "event", .from = "zhangwei"})));
    EXPECT_EQ(event.kind, "event");
}

TEST(InboxPayload, RowsOfEarlierVersionsReadTheSame) {
    // The WeCom callback stored every field of the message.
    const auto text = std::get<ChatText>(decode(
        R"({"kind":"text","from":"u1","msg_type":"text","content":"帮助","create_time":1,"agent_id":"1000002",)"
        R"("event":"","event_key":"","task_id":"","response_code":"","card_type":""})"));
    EXPECT_EQ(text.content, "帮助");
    const auto media = std::get<ChatMedia>(decode(
        R"({"kind":"media","from":"u1","msg_type":"image","media":{"media_id":"M1","latitude":"","longitude":"","label":""}})"));
    EXPECT_EQ(media.media_id, "M1");
    EXPECT_EQ(std::get<SmsReceipt>(decode(R"({"kind":"sms_receipt","provider_id":"S","delivered":true})")).delivered,
              true);
}

TEST(InboxPayload, WhatCannotBeActedOnIsAnEventToIgnore) {
    EXPECT_EQ(std::get<OtherEvent>(decode("not json")).kind, "");
    EXPECT_EQ(std::get<OtherEvent>(decode(R"({"kind":"text","content":"no sender"})")).kind, "text");
    EXPECT_EQ(std::get<OtherEvent>(decode(R"({"kind":"media","from":"u1"})")).kind, "media");  // no media object
    EXPECT_EQ(std::get<OtherEvent>(decode(R"({"kind":"enter_agent","from":"u1"})")).kind, "enter_agent");
    // A field of the wrong type is read as empty, never thrown at.
    EXPECT_EQ(std::get<ChatText>(decode(R"({"kind":"text","from":"u1","content":42})")).content, "");
}
