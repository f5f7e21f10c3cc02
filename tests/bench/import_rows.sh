#!/bin/sh
# Writes a platform export of N rows (CSV, UTF-8, distinct citizens) for the import benchmark:
#   tests/bench/import_rows.sh 100000 > /tmp/rows.csv
#   /usr/bin/time -v build/hotline-bot import --source renmin /tmp/rows.csv --config CONFIG
# (see docs/benchmarks.md). Every row is valid, so every row creates a ticket.
n=${1:-100000}
awk -v n="$n" 'BEGIN {
  print "source_id,title,content,citizen_phone,received_at,category,location"
  for (i = 0; i < n; i++)
    printf "RM-%d,\"小区%d号楼供暖不热，室温只有十五度\",\"%d号楼住户反映：自十一月起暖气不热，多次联系物业未解决，请有关部门督促处理。\",138%08d,2026-11-02T09:00:00+08:00,complaint,城关镇幸福小区%d号楼\n", i, i % 97, i, i, i % 97
}'
