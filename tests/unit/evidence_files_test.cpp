// Evidence files: the type read from the bytes, and one file per content.
#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/evidence/attachment_store.h"
#include "bot/evidence/media_type.h"
#include "tests/support/test_env.h"

using namespace hotline::bot::evidence;

TEST(MediaType, ReadFromTheFirstBytesOnly) {
    EXPECT_EQ(sniff_media_type(std::string("\xFF\xD8\xFF\xE1xxxx", 8))->mime, "image/jpeg");
    EXPECT_EQ(sniff_media_type(std::string("\x89PNG\r\n\x1A\nrest", 12))->mime, "image/png");
    EXPECT_EQ(sniff_media_type("GIF89a....")->mime, "image/gif");
    const auto mp4 = sniff_media_type(std::string("\x00\x00\x00\x18" "ftypmp42\x00\x00\x00\x00", 16));
    ASSERT_TRUE(mp4);
    EXPECT_EQ(mp4->mime, "video/mp4");
    EXPECT_EQ(mp4->kind, "video");
    EXPECT_EQ(sniff_media_type("%PDF-1.7\n")->kind, "file");
    for (const std::string& bad : {std::string(), std::string("\xFF\xD8", 2), std::string("<html>"),
                                  std::string("%PDF"), std::string("RIFF\x00\x00\x00\x00WEBP", 12)})
        EXPECT_FALSE(sniff_media_type(bad)) << bad;
}

TEST(AttachmentStore, OneFilePerContentUnderItsHash) {
    hotline::testing::TempDir dir;
    AttachmentStore files(dir.path() / "attachments");
    const std::string photo = std::string("\xFF\xD8\xFF", 3) + std::string(1000, 'x');
    const auto hash = files.put(photo);
    EXPECT_EQ(hash, hotline::adapters::hex_lower(hotline::adapters::sha256(photo)));
    EXPECT_EQ(files.put(photo), hash);  // the same photo twice: stored once
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(files.dir())) n += e.is_regular_file();
    EXPECT_EQ(n, 1u);
    EXPECT_EQ(files.path_of(hash), files.dir() / hash.substr(0, 2) / hash);
    EXPECT_EQ(files.read(hash), photo);
    EXPECT_FALSE(files.read(std::string(64, '0')));
}
