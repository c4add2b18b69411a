#!/usr/bin/env bash
# Sets up what is missing, then runs every check in order and ends with one line
# "N passed, N failed" (each cargo/e2e test counts once; each non-test check counts once).
#   formatting · clippy native · clippy wasm32 · native tests · lesson check · check-docs (README, example pages) · wasm tests in headless Chromium ·
#   Trunk release build (split by scripts/split-wasm.py) · size check (the first load: main wasm + js + css + loaders, gzip -9, max in SIZE_BUDGET) · the kill benchmark and heap as
#   WebAssembly (reported) · TypeScript declarations ·
#   end-to-end in Chromium
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$PWD/tools/node_modules/.bin:$PATH"
# release_build: the release WebAssembly's pinned compiler and settings (nothing else uses them).
. scripts/release-toolchain.sh
LOG=$(mktemp -d)
PASSED=0; FAILED=0; FAILED_STEPS=()
# In bytes. It was 300 KiB for the playground alone; the share links, embed mode, the JavaScript
# API and the JSON transcript (one bundle, see README "Size") took it to 350 KiB (358,400 B); the
# untrusted-input work of issue 16 (budgets, sliced replay, previous-work stack, storage errors,
# crash message) took the bundle to 363,993 B; size work then brought it to 342,900 B and the
# check was held at 343,000 B. Issue 11's first parts (transactions that never lose a write,
# the $currentOp report, lab.implicitSessions, config.system.sessions as a collection,
# projections) added 11,249 B (README "Size"), and the check moved to the size reached with
# them, 354,149 B. Issue 11's next parts (aggregation stages and expressions, create/drop/
# dropDatabase/distinct, find's sort/skip, the cursor modifiers and readers, functions as
# arguments) added 26,394 B, and the check moved, openly, to the size reached with them,
# 380,543 B; findAndModify (findOneAndUpdate/Replace/Delete/findAndModify), bulkWrite,
# internal child sessions and the listing privileges then added 7,267 B, to 387,810 B; issue
# 10's fixes (method-name enums, the browser's scenario reader checking fields and shapes, the
# scoped theme, the API's error objects) 524 B more, to 388,334 B; moving the page's reducer
# and the editor's keys out of the UI (so native tests reach them) 501 B more, to 388,835 B;
# sorting with each document's keys computed once (not at every comparison) 259 B more, to
# 389,094 B. The page's loader became a file of its own (loader.js, 680 B, counted from now on: it
# was an inline script before, counted nowhere), and the first render and a finished replay are
# drawn in stages, the storage rules moved out of the UI, the shell's objects got one home each
# (1,301 B of wasm): 391,075 B, and the check moved there, openly. Issue 13's first parts (the
# hints beside server replies, the unfinished-input note, the loading state and the loader's
# error message, the embed's step notice, named session cards) added 5,797 B, to 396,872 B, and
# one helper for listCollections (a duplicate removed) 166 B more, to 397,038 B: the check moved
# there, openly (building the board's view once per state change then took 71 B off: 396,967 B).
# Issue 13's last parts (the welcome and its scenario cards, the "Last kill" summary, each
# verdict's deciding entry and the cross-highlighting, session names everywhere, the phone's
# Board/Console tabs, the uid digests in hints) and issue 16's five-stage first render added
# 11,533 B, to 408,500 B (twiggy: the playground's markup 3.9 KB raw, the engine's entry
# bookkeeping and verdict wording about 2 KB, the rest spread over the components; a sort of the
# session names cost 3.8 KB raw and was replaced by a linear look-up): the check moved there,
# openly. The review after it bounded the "Last kill" entries' accessible names (an entry that
# matched thousands of sessions named them all): 276 B more, to 408,776 B, and the check moved
# there, openly. Issue 12's lessons (13 lesson files compiled in, 7 KB gzip; the lesson reader,
# the goal checklist, predictions and progress, about 47 KB raw before wasm-opt; the catalogue,
# the lesson panel and the prediction form, about 31 KB raw) added 66,066 B, to 474,842 B;
# resuming a lesson after a reload 2,001 B more, to 476,843 B; forks kept as branches (issue
# 14's item 2) 1,527 B more, to 478,370 B, and kept with the autosave and listed in embeds
# 1,467 B more, to 479,837 B; the iframe embed's messages (issue 14's item 5) 4,359 B more, to
# 484,196 B; the review's mends (the progress hook reuses the page's checklist, the catalogue
# the start's "kept aside" notice) 13 B more, to 484,209 B: the check moved there, openly.
# Issue 14's presenter mode, notes window, documentation blocks in embeds (expect lines checked
# live, choices), saved workshops and unique landmark names added 23,919 B of wasm, 236 B of
# JavaScript glue and 678 B of CSS, and the documentation loader (sessionlab-embed.js, 2,085 B)
# is counted from now on, as issue 15 asks: 511,127 B; the loader keeping a moved element's
# playground (and taking a removed one down) and the presenter closing its channel 384 B more,
# to 511,511 B, and the check moved there, openly. Issue 15's repaint work (the console reads its
# own connection, not the whole board; one dispatch callback for the page's life) 33 B more, to
# 511,544 B, and the check moved there, openly. The timeline's snapshots sharing what did not
# change (src/shared_map.rs: the session tables in shared chunks and index shards, half the heap
# of 10,000 sessions and 200 steps) 1,924 B more, to 513,468 B; saving the last change when
# the page is left (a command run just before closing the tab was lost with its save timer) 578 B
# less the 70 B the highlighter saved by reading the parser's reserved words, to 513,976 B; the
# shared map's shards as hashbrown tables of positions (231 bytes per idle session instead of
# 481) 132 B more, to 514,108 B, and the check moved there, openly; hashing a key once per
# insert and a board that reads each connection once 93 B less, to 514,015 B. A first paint that
# waits for no stylesheet (the loader applies it, 231 B of loader) and the transcript's scroll in
# an animation frame and the console drawn a stage earlier (113 B of wasm, 37 B of glue) less
# 44 B of CSS the page now holds itself (253 B more HTML, which the check does not count):
# 337 B more, to 514,352 B, and the check moved there, openly. wasm-bindgen's JavaScript glue
# minified by terser in the release build (Trunk's own minifier fails on it and ships it as
# generated) 2,729 B less, to 511,623 B; the index shards dropping a position in one lookup
# 143 B less, to 511,480 B: the check follows the size reached. The lesson files out of the
# WebAssembly, fetched on first use as lessons.json (written beside the app by
# scripts/lessons-bundle.py; 3,475 B less wasm, 182 B more glue for the fetch), to 508,187 B in
# the clean-clone run of d49909b: the check follows. Refusing a lessons.json from another build
# (a stale cache) with the file and position it cannot read, instead of listing the rest without
# a word, 225 B more, to 508,412 B; a lesson-files failure touching only a replay that resumes a
# lesson (another may have replaced the one that asked) 96 B more, to 508,508 B (the clean-clone
# run of bf25997), and the check moved there, openly. lessons.json is not part of the first load and is printed beside it, not counted.
# The first code split (src/ui/parts.rs, scripts/split-wasm.py): the lesson panel and menu list,
# and presenter mode with its notes window, are WebAssembly modules of their own fetched on first
# use (split_lessons.wasm, split_presenter.wasm, chunk_*.wasm: printed, not counted); the main
# module 19,862 B smaller, the glue 25 B and the parts' loader __wasm_split.js 484 B more, to 489,155 B, and the
# check follows the size reached. The documentation loader fetching the WebAssembly beside the glue
# instead of after it (two round trips less before a docs page's first playground) 29 B more, to
# 489,184 B. One hook for what a component waits for (the Lessons menu's own copy of the loading
# state machine folded into the parts' hook, instantiated for both) 158 B more, to 489,342 B.
# The lesson files' reader moved into the lesson part (only installing the fetched files needs
# it) and one stable sort for the crate instead of four copies: 11,784 B less, to 477,558 B.
# The lessons' checklist out of the first load (a third part, split_checks.wasm, checks a
# documentation block's expect lines with it; the lesson part checks a lesson's task; the
# checklist is a chunk the two share): 16,331 B less, to 461,227 B.
# Exporting (the scenario file, the transcripts) and reading an opened scenario file out of the
# first load (a fourth part, split_files.wasm): 4,790 B less, to 456,437 B. One sentence for a part
# that could not be fetched (NotFetched::sentence) instead of two copies: 99 B less, to 456,338 B.
# The JavaScript API's runScript records written by a fifth part (split_records.wasm, fetched on
# its first call, which answers a promise) and documentation blocks' expect lines read by the
# checks part, not when a block mounts: 8,419 B less, to 447,919 B. What runs a lesson (start,
# answers, solution, resume) installed with the lessons, so it comes with the lesson part:
# 4,407 B less, to 443,512 B. (The parts' loader now lists the names it takes from the main module
# in one order, scripts/split-wasm.py: wasm-split-cli wrote them in a hash set's order, and the
# first clean-clone run of this size read 443,513 B by that alone.)
# The learner's progress (its storage, the catalogue's marks, importing a #p1. link or a file) kept
# by the lesson part, which a progress link fetches: 2,953 B less, to 440,559 B.
# The page reads the lesson part's views once per render (review): 47 B less, to 440,512 B.
# The page's loader and the documentation loader minified (scripts/minify-js.mjs): 1,677 B less,
# to 438,835 B. The hashed names the glue and the main module share (`__wbg_Error_2084…`) renamed
# a, b, c… in both (scripts/split-wasm.py): 7,741 B less, to 431,094 B.
# The functions of every module in the order of their names (wasm-opt's
# --reorder-functions-by-name, scripts/split-wasm.py), so gzip finds what the copies of a generic
# function have in common: 10,157 B less, to 420,937 B.
# Ranked first by their names with the generic arguments erased, then by their code's size:
# 1,324 B less, to 419,613 B.
# The target-features section (for tools, not browsers) stripped from every module: 92 B less,
# to 419,521 B.
# The commands few visitors run (aggregate with $listLocalSessions, the catalog commands,
# distinct, findAndModify, the role commands, currentOp, killOp) in a sixth part
# (split_commands.wasm): an input or a replay that reaches one waits for it and runs again from
# the same state (src/commands/on_demand.rs, src/ui/commands_part.rs): 23,248 B less, to
# 396,273 B. A wait for that part can be cancelled from the console's status line: 300 B more,
# to 396,573 B. The part's tables kept in one place (commands::on_demand), not also in a cache of
# the page's (review): 545 B less, to 396,028 B.
# The browser's allocator talc instead of dlmalloc (src/main.rs): 1,783 B less, to 394,245 B.
# The mount options and the iframe messages without serde-wasm-bindgen (src/mount/api.rs,
# src/ui/host_messages.rs), and numbers written from the browser's own digits, so Rust's float
# formatter left the first load (src/decimal.rs); one copy of the parts' waiting hook
# (src/ui/parts.rs): 13,856 B less, to 380,389 B.
# The element ids a property of the components that use them, not a Yew context
# (src/ui/mod.rs, DomIds): 1,438 B less, to 378,951 B.
# The parts' waiting hook asks for its part once per render (review): 33 B less, to 378,918 B.
# The release WebAssembly built by a pinned nightly that rebuilds the standard library with the
# app's settings and turns a panic into a bare trap (scripts/release-toolchain.sh; the page
# learns of a trap from the browser, src/ui/crash.rs, instead of a panic hook) and legacy symbol
# names for the functions' order: 28,508 B less, to 350,410 B.
# The standard library's optimize_for_size variants and a derived Debug that writes only the
# type's name (-Zfmt-debug=shallow; scripts/release-toolchain.sh): 3,863 B less, to 346,547 B.
# Dates read and printed by mongosh's rules (src/dates.rs) instead of bson's RFC 3339 through the
# time crate, and the link's and autosave's document read in place, not through io::Read: 3,989 B
# less, to 342,558 B. ISODate's message quoted by the lexer's literal writer, not a second one:
# 75 B less, to 342,483 B. Strings printed as util.inspect prints them, in one pass: 80 B less, to
# 342,403 B. Decimals read and printed by js-bson's rules (src/decimal128.rs) instead of bson's
# FromStr and Display, which brought bitvec: 3,284 B less, to 339,119 B. Integers made by
# JavaScript's and js-bson's rules (src/js_integers.rs: parseInt, Number(), | 0, Long.fromString),
# where the shell read a decimal number and saturated: 1,576 B more, to 340,695 B (raised openly,
# the price of the constructors' fidelity; README "Integers by JavaScript's and js-bson's rules").
# An error's code frame kept whole on a phone (src/ui/console.rs, www/style.css): 338 B more, to
# 341,033 B (raised openly: a phone's reader saw the carets wrap away from what they point at).
# Double() and Number() as JavaScript's +value, sharing the integers' Number() (src/shell/
# constructors.rs): 64 B more, to 341,097 B (raised openly, for fidelity).
# Review: Long.fromString's leading hyphens counted in a loop, not a call per hyphen (a text of
# thousands of them could exhaust the WebAssembly stack): 135 B more, to 341,232 B.
# Review as a learner: JavaScript's operators named where they stand (src/shell/lexer.rs,
# parser.rs; 792 B), logins with the user's own password (src/shell/snippets.rs), the
# impersonate hint, { _id: 1 } projecting _id alone: 1,233 B more, to 342,465 B (raised openly).
# State in attributes (ARIA, data-*), every class a literal, so Yew's Classes set (IndexSet,
# SipHash) left the first load (src/ui/mod.rs): 2,976 B less, to 339,489 B.
# Filters by the server's rules (src/engine/filter.rs: arrays, null and missing, comparisons
# within a type, $and/$or/$nor; 648 B) and the hint for the server's operators Session Lab does
# not implement (549 B): 1,197 B more, to 340,686 B (raised openly, for fidelity).
# $inc's two refusals in mongod's words: 58 B more, to 340,744 B.
# Review: decimals compared by value in filters (src/engine/filter.rs, numeric), not all equal:
# 66 B more, to 340,810 B.
# $where read in every filter (only sleep(<ms>) || true and sleep(<ms>); other code refused before
# anything is written, where it had matched every document; refused in $match as the server does)
# and dotted paths through arrays (src/engine/filter.rs): 790 B more, to 341,600 B (raised openly).
# session.withTransaction(fn) as the Node driver runs it, without retries (src/shell/session.rs):
# 761 B more, to 342,361 B (raised openly: mongosh's callback API had been "not a function").
# db.hello() and db.isMaster(), and hello's reply with a primary's fields (isMaster's ismaster):
# 242 B more, to 342,603 B.
# A failed command aborts the transaction it runs in (src/commands/mod.rs, src/engine/mod.rs;
# a duplicate key in a transaction fails the insert) and hints for session ids in the wrong shape
# (src/shell/hints.rs): 691 B more, to 343,294 B (raised openly, for fidelity).
# Write errors named by class as mongosh names them (MongoServerError, MongoBulkWriteError; no
# codeName) and unordered inserts (src/shell/client.rs, src/commands/crud.rs): 215 B more, to
# 343,509 B.
# A batch write's statement failures as write errors of an ok: 1 reply, ordered or not (src/
# commands/crud.rs WriteErrors), and validateMod's order and message (src/engine/storage.rs):
# 802 B more, to 344,311 B (raised openly, for fidelity).
# The shell's argument errors written in one place (src/shell/args.rs, unexpected): 227 B less,
# to 344,084 B.
# Review: a filter reads each $where's code once, at parse (src/engine/filter.rs settle_where),
# and walks dotted paths without collecting their parts; UPDATE_MODIFIERS listed once: 110 B more
# (within gzip's layout noise), to 344,194 B.
# Transactions' read and write concerns as the driver sends them and the server checks them
# (src/commands/concerns.rs; startTransaction's and startSession's options, w: 0 refused by the
# driver, src/shell/session.rs): 1,331 B more, to 345,525 B (raised openly, for fidelity).
# A cursor read in its own session and transaction (getMore's pinCheck: 50736-50741, another
# namespace Unauthorized), validateSessionOptions (50768, no transaction started by killCursors
# or by ending itself), an lsid's uid in base64 in messages (src/commands/crud.rs, txn.rs): 969 B
# more, to 346,494 B (raised openly, for fidelity).
# A prepared transaction's prepare timestamp kept for a retried prepare, and its commit's
# commitTimestamp checked as commitPreparedTransaction checks it; the hint for a kill that
# spared only prepared transactions (src/commands/txn.rs, src/shell/hints.rs): 439 B more, to
# 346,933 B.
# find's and findOne's options (sort, skip, limit, batchSize, projection through the cursor's
# methods; a null projection), countDocuments' skip and limit in the driver's pipeline
# (src/shell/collection.rs, cursor.rs): 408 B more, to 347,341 B.
# mongosh's deprecated insert, update, remove and count, each with its DeprecationWarning once
# per shell (src/shell/collection.rs): 215 B less, to 347,126 B, though code was added: gzip's
# layout moved (brotli's main module went up 561 B).
# The hint for mongosh methods Session Lab lacks (createIndex, getIndexes, stats, …; src/shell/
# hints.rs), "not a function" with its hint built in one place: 199 B more, to 347,325 B.
# try/catch/finally and throw of a caught error, with the driver's error fields; a name assigned
# before it is declared (src/shell/parser.rs, eval.rs, caught.rs): 2,842 B more, to 350,167 B
# (raised openly: the manual's "Transactions" example for mongosh had been a SyntaxError).
# Review: print() and printjson() of a caught error print its class and message (they printed
# "error"): 42 B more, to 350,209 B.
# help names try/catch and the caught error's fields (src/shell/lab.rs): 10 B more, to 350,219 B.
# Review: one helper binds a call's parameters and a catch's error (with_variables), the try
# statement's catch in one match, one helper runs a count command (run_count): 103 B less, to
# 350,116 B.
# Values laid out as mongosh's util.inspect lays them out (src/shell/printer.rs: depth 6, 100 items,
# 10,000 characters, columns, printjson, strings on their own, assignments printed) and
# JavaScript's other string escapes (src/shell/lexer.rs): 2,619 B more, to 352,735 B.
# console.log, and hints for JavaScript's built-ins and causal consistency's session methods
# (src/shell/hints.rs): 691 B more, to 353,426 B.
# An empty cursor prints nothing, and it past the end says no cursor (src/shell/eval.rs): 128 B
# more, to 353,554 B.
# print and printjson show shell objects as a statement shows them (src/shell/globals.rs): 200 B
# more, to 353,754 B.
# mongosh's words for use, show and db.dropDatabase() (src/shell/eval.rs, database.rs): 53 B
# less (layout; brotli 63 B more), to 353,701 B.
# A write without its required argument is refused as mongosh and the driver refuse it
# (src/shell/args.rs, collection.rs, collection_writes.rs): 343 B more, to 354,044 B.
# async functions and await (src/shell/parser.rs): 27 B more, to 354,071 B.
# db.getUser(name) (src/shell/database.rs): 269 B more, to 354,340 B.
# exit, quit() and cls answer with a hint (src/shell/hints.rs): 128 B more, to 354,468 B.
# Review: one parser helper reads a required name, one helper reads the hint lists, print's layout
# chosen once: 543 B less, to 353,925 B.
# typeof, instanceof and in named as operators the shell lacks (src/shell/parser.rs): 406 B more, to 354,331 B.
# Admin-only commands refused on other databases (src/commands/mod.rs): 56 B more, to 354,387 B.
# Retryable writes take effect once (src/commands/retryable.rs): 1,387 B more, to 355,774 B.
# rs and sh hinted as mongosh's administration helpers (src/shell/hints.rs): 44 B more, to 355,818 B.
# Arrays' forEach and map, a string's [index], V8's words in type errors (src/shell/methods.rs, eval.rs): 489 B more, to 356,307 B.
# The shell's retryable writes carry a txnNumber, as the Node driver's (src/shell/client.rs): 572 B more, to 356,879 B.
# maxTimeMS bounds a slow find or a sleep (src/commands/crud.rs, src/shell/cursor.rs): 164 B more, to 357,043 B.
# Review: a cursor's and an array's forEach and map in one place (src/shell/methods.rs): 43 B more, to 357,086 B.
# session.id is the session's lsid, as in mongosh (src/shell/methods.rs): 139 B more, to 357,225 B.
# Review: the lsid document, findAndModify's write and a bulk write's send in one place each: 123 B less, to 357,102 B.
# The lesson checklist keys sessions by { id, uid } (src/lessons/checklist.rs): 116 B more, to 357,218 B.
# session.getOptions() and JavaScript's truthiness for ! (src/shell/session.rs, value.rs): 236 B more, to 357,454 B.
# lab.background(() => …) calls the function in the background (src/shell/eval.rs): 86 B more, to 357,540 B.
# The hint for a session object in a command (src/shell/eval.rs): 148 B more, to 357,688 B.
# create in a transaction, listCollections' filter and nameOnly (src/commands/catalog.rs, fetched on first use: +996 B there): 47 B less, to 357,641 B.
# config.transactions, the session transaction table (src/engine/txn_table.rs): 442 B more, to 358,083 B.
# throw new Error("…") (src/shell/globals.rs, eval.rs): 131 B more, to 358,214 B.
# Cursor timeout and noCursorTimeout (src/engine/operations.rs, src/shell/cursor.rs): 487 B more, to 358,701 B.
# An operation killed inside a transaction aborts it (src/engine/kill.rs): 153 B more, to 358,854 B.
# Review: a timer step charges for the cursors it scans (src/engine/mod.rs): 5 B more, to 358,859 B.
# lab.advance's events listed once in the console (src/shell/record.rs, src/ui/console.rs): 47 B more, to 358,906 B.
# Review: Cursor::can_time_out, create in a transaction without an impossible error (src/engine/operations.rs, src/commands/catalog.rs): 4 B less, to 358,902 B.
# config.transactions through its _id index and out of transactions' snapshots (src/engine/txn_table.rs, writes.rs): 353 B more, to 359,255 B.
# An ended session in the driver's words, with a hint (src/shell/client.rs, session.rs): 14 B more, to 359,269 B.
# A session in a command in the driver's words, the hint for a driver example's client (src/shell/eval.rs, hints.rs): 83 B more, to 359,352 B.
# help() on a cursor, a connection and a session (src/shell/methods.rs, method_names.rs): 94 B more, to 359,446 B.
# ObjectIds as js-bson and mongod make them, getTimestamp() (src/engine/ids.rs, src/shell/methods.rs): 399 B more, to 359,845 B.
# The hints for show roles and show sessions (src/shell/hints.rs, database.rs): 115 B more, to 359,960 B.
# The driver's states after a commit, snapshot sessions' refusals, getOptions as mongo.ts (src/shell/session.rs, client.rs): 155 B more, to 360,115 B.
# mongosh's connect(uri, user, pwd) (src/shell/globals.rs): 455 B more, to 360,570 B.
# Review: connect in a function of its own, call_global under clippy's line limit (src/shell/globals.rs): 17 B less, to 360,553 B.
# db = … as mongosh's setter, use on the db in use (src/shell/eval.rs): 236 B more, to 360,789 B.
# Review: the events lab.advance printed found by their line, not by position (src/shell/record.rs): 8 B less, to 360,781 B.
# Issue 15's target is 256,000 B; README "What it would take to reach 256,000 B" says why the
# split is not there yet.
SIZE_BUDGET=${SIZE_BUDGET:-360781}

count_tests() {  # adds cargo's "test result" counts from a log
  local p f
  p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed;' "$1" | awk '{s+=$1} END {print s+0}')
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}

step() {  # step NAME KIND(check|cargo|e2e) COMMAND...
  local name=$1 kind=$2; shift 2
  local log="$LOG/$(echo "$name" | tr ' /' '__').log"
  printf '\n== %s\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  printf -- '-- %s: %s (%ss)\n' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED ($rc)")" $((SECONDS - start))
  case $kind in
    cargo) count_tests "$log" ;;
    e2e) local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
         PASSED=$((PASSED + ${line%% *})); local f=${line#*, }; FAILED=$((FAILED + ${f%% *})) ;;
  esac
  if [ "$rc" -ne 0 ]; then
    FAILED_STEPS+=("$name")
    if [ "$kind" = check ] || ! grep -qE '[1-9][0-9]* failed' "$log"; then FAILED=$((FAILED + 1)); fi
  elif [ "$kind" = check ]; then
    PASSED=$((PASSED + 1))
  fi
  return 0
}

size_check() {
  local wasm js parts loader css embed total part
  # The first load: the app's own bundle (the main module, its glue and the parts' loader the glue
  # imports) and the documentation loader (the example pages are not part of it).
  wasm=$(gzip -9c dist/sessionlab_bg.wasm | wc -c); js=$(gzip -9c dist/sessionlab.js | wc -c)
  parts=$(gzip -9c dist/__wasm_split.js | wc -c)
  loader=$(gzip -9c dist/loader.js | wc -c); css=$(gzip -9c dist/style.css | wc -c)
  embed=$(gzip -9c dist/sessionlab-embed.js | wc -c)
  total=$((wasm + js + parts + loader + css + embed))
  echo "gzip -9: wasm $wasm B + js $js B + __wasm_split.js $parts B + loader $loader B + css $css B + sessionlab-embed.js $embed B = $total B (budget $SIZE_BUDGET B)"
  # What the page fetches on first use must be there (the app has no other copy).
  for part in lessons.json split_lessons.wasm split_presenter.wasm split_checks.wasm split_files.wasm; do
    [ -s "dist/$part" ] || { echo "dist/$part is missing"; return 1; }
  done
  echo "fetched on first use, not counted:$(for part in dist/lessons.json dist/split_*.wasm dist/chunk_*.wasm; do
    [ -e "$part" ] && printf ' %s %s B' "${part#dist/}" "$(gzip -9c "$part" | wc -c)"; done)"
  [ "$total" -le "$SIZE_BUDGET" ]
}

e2e() {
  local py port=8765 server rc
  py=$(python3 -c 'import sys; print(sys.executable)')
  # Served with each page's Content-Security-Policy as a header (scripts/serve.py).
  "$py" scripts/serve.py dist "$port" >"$LOG/http.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  BASE_URL="http://127.0.0.1:$port/" node tests/e2e/run.mjs; rc=$?
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
  return $rc
}

step "rustfmt" check cargo fmt --all -- --check
step "clippy native" check cargo clippy --locked --all-targets -- -D warnings
step "clippy wasm32" check cargo clippy --locked --target wasm32-unknown-unknown --all-features --lib --bins --tests -- -D warnings
step "native tests" cargo cargo test --locked
step "lesson check (every shipped lesson)" check cargo run --locked --quiet -- lesson check lessons/*.md
step "check-docs (the README and the example pages)" check cargo run --locked --quiet -- check-docs README.md www/docs-killallsessions.html www/docs-mixed.html www/workshop.html
step "wasm tests (headless Chromium)" cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_ONLY_WEB=1 cargo test --locked --target wasm32-unknown-unknown --test web
step "trunk build --release ($RELEASE_TOOLCHAIN, scripts/release-toolchain.sh)" check release_build
step "size check" check size_check
step "the engine as WebAssembly: kill benchmark and heap (headless Chromium, release; reported)" cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_ONLY_WEB=1 cargo test --release --locked --target wasm32-unknown-unknown --test web_bench -- --nocapture
step "TypeScript declarations (tsc --strict)" check tsc --noEmit --strict --target es2022 --module es2022 --moduleResolution bundler --lib es2022,dom,esnext.disposable tests/types/usage.ts
step "end-to-end (headless Chromium)" e2e e2e

echo
[ ${#FAILED_STEPS[@]} -eq 0 ] || echo "failed steps: ${FAILED_STEPS[*]}"
echo "$PASSED passed, $FAILED failed"
[ ${#FAILED_STEPS[@]} -eq 0 ]
