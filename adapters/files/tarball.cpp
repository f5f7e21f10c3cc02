#include "adapters/files/tarball.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotline::adapters {

namespace {

struct ReadCloser {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteCloser {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryCloser {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

[[noreturn]] void fail(archive* a, const std::filesystem::path& file, const char* what) {
    throw std::runtime_error(file.string() + ": " + what + ": " + (archive_error_string(a) ? archive_error_string(a) : "?"));
}

}  // namespace

TarSummary write_tarball(const std::filesystem::path& folder, const std::filesystem::path& to) {
    if (std::filesystem::exists(to)) throw std::runtime_error(to.string() + ": exists already; choose a new name");
    std::unique_ptr<archive, WriteCloser> out(archive_write_new());
    archive_write_set_format_pax_restricted(out.get());
    if (archive_write_open_filename(out.get(), to.c_str()) != ARCHIVE_OK) fail(out.get(), to, "cannot be created");
    TarSummary summary;
    std::error_code ec;
    if (std::filesystem::is_directory(folder, ec)) {
        std::vector<char> buffer(1 << 16);
        for (auto it = std::filesystem::recursive_directory_iterator(folder); it != decltype(it){}; ++it) {
            if (!it->is_regular_file()) continue;
            const auto relative = std::filesystem::relative(it->path(), folder).generic_string();
            std::unique_ptr<archive_entry, EntryCloser> entry(archive_entry_new());
            archive_entry_set_pathname(entry.get(), relative.c_str());
            archive_entry_set_size(entry.get(), static_cast<la_int64_t>(it->file_size()));
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_perm(entry.get(), 0640);
            archive_entry_set_mtime(entry.get(),
                                    std::chrono::duration_cast<std::chrono::seconds>(
                                        std::filesystem::last_write_time(it->path()).time_since_epoch())
                                        .count(),
                                    0);
            if (archive_write_header(out.get(), entry.get()) != ARCHIVE_OK) fail(out.get(), to, "write");
            std::ifstream in(it->path(), std::ios::binary);
            if (!in) throw std::runtime_error(it->path().string() + ": cannot be read");
            while (in) {
                in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                const auto n = static_cast<std::size_t>(in.gcount());
                if (n && archive_write_data(out.get(), buffer.data(), n) < 0) fail(out.get(), to, "write");
                summary.bytes += n;
            }
            ++summary.files;
        }
    }
    if (archive_write_close(out.get()) != ARCHIVE_OK) fail(out.get(), to, "close");
    return summary;
}

TarSummary extract_tarball(const std::filesystem::path& from, const std::filesystem::path& folder) {
    std::unique_ptr<archive, ReadCloser> in(archive_read_new());
    archive_read_support_format_tar(in.get());
    if (archive_read_open_filename(in.get(), from.c_str(), 1 << 16) != ARCHIVE_OK) fail(in.get(), from, "cannot be read");
    std::filesystem::create_directories(folder);
    std::unique_ptr<archive, WriteCloser> disk(archive_write_disk_new());
    archive_write_disk_set_options(disk.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                                   ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_NO_OVERWRITE);
    TarSummary summary;
    archive_entry* entry = nullptr;
    for (;;) {
        const int rc = archive_read_next_header(in.get(), &entry);
        if (rc == ARCHIVE_EOF) break;
        if (rc != ARCHIVE_OK) fail(in.get(), from, "read");
        if (archive_entry_filetype(entry) != AE_IFREG) continue;  // only files are ever written
        const std::filesystem::path name = archive_entry_pathname(entry);
        const bool escapes = name.is_absolute() || std::any_of(name.begin(), name.end(), [](const auto& part) {
            return part == "..";
        });
        if (escapes) throw std::runtime_error(from.string() + ": refuses the entry " + name.string() + " (outside the folder)");
        const std::filesystem::path target = folder / name;
        if (std::filesystem::exists(target)) continue;
        archive_entry_set_pathname(entry, target.c_str());
        if (archive_write_header(disk.get(), entry) != ARCHIVE_OK) fail(disk.get(), target, "extract");
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        int r = ARCHIVE_OK;
        while ((r = archive_read_data_block(in.get(), &block, &size, &offset)) == ARCHIVE_OK) {
            if (archive_write_data_block(disk.get(), block, size, offset) != ARCHIVE_OK) fail(disk.get(), target, "write");
            summary.bytes += size;
        }
        if (r != ARCHIVE_EOF) fail(in.get(), from, "read");
        if (archive_write_finish_entry(disk.get()) != ARCHIVE_OK) fail(disk.get(), target, "write");
        ++summary.files;
    }
    return summary;
}

}  // namespace hotline::adapters
