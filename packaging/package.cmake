# The Debian package (CPack's DEB generator): `cmake --build build --target package` or
# `cd build && cpack -G DEB`. CPack packs the binary this build tree already made, so packaging
# costs seconds, not a second compile; dpkg-shlibdeps computes Depends: from what it links.

include(GNUInstallDirs)

set(HOTLINE_PACKAGE_MAINTAINER "hotline-bot maintainers <hotline-bot@example.gov.cn>" CACHE STRING
    "Maintainer: of the package (the county's IT contact)")

# The configuration shipped in /etc is the example with the paths of an installed system. Each
# replaced line must exist in the example, so the two cannot drift apart unnoticed.
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/config/hotline.example.toml HOTLINE_PACKAGED_CONFIG)
foreach(pair
    "path = \"../var/hotline.db\"|path = \"/var/lib/hotline-bot/hotline.db\""
    "holidays_dir = \"holidays\"|holidays_dir = \"/usr/share/hotline-bot/holidays\""
    "file = \"directory.example.toml\"|file = \"/etc/hotline-bot/directory.toml\""
    "# dir = \"/var/lib/hotline-bot/attachments\"|dir = \"/var/lib/hotline-bot/attachments\""
    "key_file = \"\"|key_file = \"\"  # e.g. /etc/hotline-bot/privacy.key (root:hotline-bot, 0640)")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  string(FIND "${HOTLINE_PACKAGED_CONFIG}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "packaging: config/hotline.example.toml no longer has the line '${from}'")
  endif()
  string(REPLACE "${from}" "${to}" HOTLINE_PACKAGED_CONFIG "${HOTLINE_PACKAGED_CONFIG}")
endforeach()
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/packaging/hotline.toml "${HOTLINE_PACKAGED_CONFIG}")

install(TARGETS hotline-bot RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/hotline.toml DESTINATION /etc/hotline-bot
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES config/directory.example.toml DESTINATION /etc/hotline-bot RENAME directory.toml
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(DIRECTORY config/holidays/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hotline-bot/holidays)
install(FILES packaging/systemd/hotline-bot.service packaging/systemd/hotline-bot-backup.service
              packaging/systemd/hotline-bot-backup.timer
        DESTINATION /lib/systemd/system)
install(FILES packaging/debian/sysusers.conf DESTINATION lib/sysusers.d RENAME hotline-bot.conf)
install(FILES README.md packaging/debian/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hotline-bot)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hotline-bot)
install(DIRECTORY contrib/ DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hotline-bot/examples)
install(FILES packaging/debian/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME hotline-bot)

string(TIMESTAMP HOTLINE_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
# Debian wants a compressed changelog in every package; this one says where the history is.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.Debian
"hotline-bot (${PROJECT_VERSION}-1) bookworm; urgency=medium

  * Built from the project's source tree; the history is its git log.

 -- ${HOTLINE_PACKAGE_MAINTAINER}  ${HOTLINE_PACKAGE_DATE}
")
execute_process(COMMAND gzip -9nf ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.Debian)
configure_file(packaging/debian/hotline-bot.1 ${CMAKE_CURRENT_BINARY_DIR}/packaging/hotline-bot.1 COPYONLY)
execute_process(COMMAND gzip -9nf ${CMAKE_CURRENT_BINARY_DIR}/packaging/hotline-bot.1)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/hotline-bot.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hotline-bot)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "${HOTLINE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "WeCom and SMS bot for handling citizens' message-board complaints")
set(CPACK_PACKAGE_DESCRIPTION "hotline-bot notifies unit handlers of assignments and deadlines in Enterprise
WeChat (WeCom), takes their returns, extension requests and results as chat
commands, runs the satisfaction callback survey by SMS and keeps the whole
procedure in one durable workflow store (SQLite).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1 CACHE STRING "Debian revision of the package (raise it for a rebuild)")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The documents need a CJK font; the certificates are for HTTPS to WeCom and the SMS providers;
# procps has the kill the unit reloads with.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-wqy-zenhei | fonts-noto-cjk, ca-certificates, passwd, procps")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/packaging/debian/conffiles
    ${CMAKE_CURRENT_SOURCE_DIR}/packaging/debian/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/packaging/debian/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/")
include(CPack)
