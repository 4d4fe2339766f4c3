;; The two loops of a long `news list` in a pipe that visit every row (src/render/list-bytes.ts):
;; the widths the layout is chosen by, and the lines, copied together from the cached columns'
;; bytes. In JavaScript, for 50,000 rows, they took 14 ms, mostly copying 4 MB a few bytes at a
;; time in code V8 had not compiled yet. Each does exactly what its JavaScript twin in
;; list-bytes.ts does; the tests hold them to it. The rare rows JavaScript must help with (a
;; reaction's notes, a title cut that is not ASCII) are asked of it through the imports.
;; Compiled into src/render/list-lines-binary.ts by `npm run wasm` (scripts/wasm.mjs).
;;
;; A source (the fetched articles' list, the reader's own) is 40 bytes in a table: the addresses
;; of its slugs' bytes and starts (u32, one more than its rows), its titles' bytes and starts,
;; its notes' bytes and starts, and its titles' widths, titles' one-column marks and notes'
;; widths (f64 each). The rows shown are three arrays: each row's source (u8), its row in the
;; source (u32), and its flags (u8: 1 yours, 2 yours over the bundled one, 4 unread, 8 ask
;; JavaScript: $reactionWidth gives the width a reaction adds, 0 for none, and $extraNotes
;; writes the notes the flags and the reaction add). $cutTitle writes a title cut by JavaScript at the
;; address it is given and returns its length; $cutWidth then gives its width. Columns are two
;; spaces apart (GAP in list-layout.ts).
(module
  (import "list" "reactionWidth" (func $reactionWidth (param i32) (result f64)))
  (import "list" "extraNotes" (func $extraNotes (param i32 i32) (result i32)))
  (import "list" "cutTitle" (func $cutTitle (param i32 f64 i32) (result i32)))
  (import "list" "cutWidth" (func $cutWidth (result f64)))
  (memory (export "memory") 1)

  ;; The widths the layout is chosen by, set by $widths.
  (global $slugWidth (export "slugWidth") (mut f64) (f64.const 0))
  (global $titleMax (export "titleMax") (mut f64) (f64.const 0))
  (global $tailWidth (export "tailWidth") (mut f64) (f64.const 0))
  (global $shortestTail (export "shortestTail") (mut f64) (f64.const inf))
  ;; Where the lines $lines wrote end; and, when not one row fit, the room the next one needs.
  (global $end (export "end") (mut i32) (i32.const 0))
  (global $need (export "need") (mut i32) (i32.const 0))

  ;; Each row's notes' width (its own, its flags', its reaction's), to $tails (f64 a row), and
  ;; the widest slug, title and notes and the narrowest notes, to the globals.
  (func (export "widths")
    (param $count i32) (param $table i32) (param $sources i32) (param $rows i32) (param $flags i32)
    (param $flagWidths i32) (param $tails i32)
    (local $index i32)
    (local $source i32)
    (local $row i32)
    (local $flag i32)
    (local $tail f64)
    (local $slugLength f64)
    (local $titleWidth f64)
    (global.set $slugWidth (f64.const 0))
    (global.set $titleMax (f64.const 0))
    (global.set $tailWidth (f64.const 0))
    (global.set $shortestTail (f64.const inf))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $index) (local.get $count)))
        (local.set $source (i32.add (local.get $table) (i32.mul (i32.load8_u (i32.add (local.get $sources) (local.get $index))) (i32.const 40))))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $index) (i32.const 2)))))
        (local.set $flag (i32.load8_u (i32.add (local.get $flags) (local.get $index))))
        (local.set $tail
          (f64.add
            (f64.add
              (f64.load (i32.add (i32.load offset=32 (local.get $source)) (i32.shl (local.get $row) (i32.const 3))))
              (f64.load (i32.add (local.get $flagWidths) (i32.shl (i32.and (local.get $flag) (i32.const 7)) (i32.const 3)))))
            (if (result f64) (i32.and (local.get $flag) (i32.const 8))
              (then (call $reactionWidth (local.get $index)))
              (else (f64.const 0)))))
        (f64.store (i32.add (local.get $tails) (i32.shl (local.get $index) (i32.const 3))) (local.get $tail))
        ;; Slugs are ASCII: their length in bytes is their width.
        (local.set $slugLength (f64.convert_i32_u (i32.sub
          (i32.load offset=4 (i32.add (i32.load offset=4 (local.get $source)) (i32.shl (local.get $row) (i32.const 2))))
          (i32.load (i32.add (i32.load offset=4 (local.get $source)) (i32.shl (local.get $row) (i32.const 2)))))))
        (if (f64.gt (local.get $slugLength) (global.get $slugWidth)) (then (global.set $slugWidth (local.get $slugLength))))
        (local.set $titleWidth (f64.load (i32.add (i32.load offset=24 (local.get $source)) (i32.shl (local.get $row) (i32.const 3)))))
        (if (f64.gt (local.get $titleWidth) (global.get $titleMax)) (then (global.set $titleMax (local.get $titleWidth))))
        (if (f64.gt (local.get $tail) (global.get $tailWidth)) (then (global.set $tailWidth (local.get $tail))))
        (if (f64.lt (local.get $tail) (global.get $shortestTail)) (then (global.set $shortestTail (local.get $tail))))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (br $each))))

  ;; Copies bytes [$from, $from + $length) to $to; returns where the copy ends.
  (func $copy (param $to i32) (param $from i32) (param $length i32) (result i32)
    (memory.copy (local.get $to) (local.get $from) (local.get $length))
    (i32.add (local.get $to) (local.get $length)))

  ;; What String.prototype.trimEnd removes, among ASCII characters.
  (func $isSpace (param $byte i32) (result i32)
    (i32.or
      (i32.eq (local.get $byte) (i32.const 0x20))
      (i32.lt_u (i32.sub (local.get $byte) (i32.const 0x09)) (i32.const 5))))

  ;; The lines of rows $from onwards, at $out, which is filled with spaces to $outEnd: the
  ;; padding is only skipped over. $kind: 0 the slugs alone, 1 slugs and notes, 2 slugs, titles
  ;; and notes, 3 slugs and titles; each title given the room min($cap, $base - its row's notes'
  ;; width) (3: $base is infinite), and after a title without notes no white space. $flagNotes
  ;; holds, for each of the eight flag combinations, the address and length (u32 each) of the
  ;; notes they add; JavaScript adds at most $extraMost bytes for a row. Stops before a row that
  ;; might not fit; returns the row it stopped at (where the lines end in $end), which is
  ;; $from, with the room that row needs in $need, when not even it fits.
  (func (export "lines")
    (param $count i32) (param $table i32) (param $sources i32) (param $rows i32) (param $flags i32)
    (param $tails i32) (param $flagNotes i32) (param $kind i32) (param $slugWidth i32)
    (param $cap f64) (param $base f64) (param $extraMost i32) (param $from i32) (param $out i32)
    (param $outEnd i32)
    (result i32)
    (local $at i32)
    (local $index i32)
    (local $most i32)
    (local $source i32)
    (local $row i32)
    (local $flag i32)
    (local $start i32)
    (local $end i32)
    (local $room f64)
    (local $titleWidth f64)
    (local $cutWidth f64)
    (local $stop i32)
    (local $notes i32)
    (local $afterSlug i32)
    (local.set $at (local.get $out))
    (local.set $index (local.get $from))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $index) (local.get $count)))
        (local.set $source (i32.add (local.get $table) (i32.mul (i32.load8_u (i32.add (local.get $sources) (local.get $index))) (i32.const 40))))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $index) (i32.const 2)))))
        (local.set $flag (i32.load8_u (i32.add (local.get $flags) (local.get $index))))
        (local.set $start (i32.load (i32.add (i32.load offset=4 (local.get $source)) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (i32.load offset=4 (local.get $source)) (i32.shl (local.get $row) (i32.const 2)))))
        ;; The most this row can take: its values whole, the most padding, notes and ellipsis.
        (local.set $most (i32.add (i32.sub (local.get $end) (local.get $start)) (i32.const 1)))
        (if (i32.ne (local.get $kind) (i32.const 0))
          (then (local.set $most (i32.add (local.get $most) (i32.add (local.get $slugWidth) (i32.const 2))))))
        ;; Notes (kinds 1 and 2 only: without them, their column is not in memory).
        (if (i32.le_u (i32.sub (local.get $kind) (i32.const 1)) (i32.const 1))
          (then
            (local.set $most (i32.add (local.get $most) (local.get $extraMost)))
            (local.set $most (i32.add (local.get $most) (call $length (i32.load offset=20 (local.get $source)) (local.get $row))))))
        (if (i32.ge_u (local.get $kind) (i32.const 2))
          (then
            (local.set $most (i32.add (local.get $most)
              (i32.add (call $length (i32.load offset=12 (local.get $source)) (local.get $row))
                (i32.add (i32.trunc_sat_f64_s (f64.max (f64.const 0) (local.get $cap))) (i32.const 5)))))))
        (if (i32.gt_u (i32.add (local.get $at) (local.get $most)) (local.get $outEnd))
          (then
            (if (i32.eq (local.get $at) (local.get $out)) (then (global.set $need (local.get $most))))
            (br $done)))
        ;; The slug.
        (local.set $at (call $copy (local.get $at)
          (i32.add (i32.load (local.get $source)) (local.get $start))
          (i32.sub (local.get $end) (local.get $start))))
        (if (i32.ne (local.get $kind) (i32.const 0))
          (then
            (local.set $at (i32.add (local.get $at)
              (select
                (i32.sub (i32.add (local.get $slugWidth) (i32.const 2)) (i32.sub (local.get $end) (local.get $start)))
                (i32.const 0)
                (i32.gt_s (i32.sub (i32.add (local.get $slugWidth) (i32.const 2)) (i32.sub (local.get $end) (local.get $start))) (i32.const 0)))))
            (local.set $afterSlug (i32.sub (local.get $at)
              (select
                (i32.sub (i32.add (local.get $slugWidth) (i32.const 2)) (i32.sub (local.get $end) (local.get $start)))
                (i32.const 0)
                (i32.gt_s (i32.sub (i32.add (local.get $slugWidth) (i32.const 2)) (i32.sub (local.get $end) (local.get $start))) (i32.const 0)))))
            ;; The title, cut to its room.
            (if (i32.ge_u (local.get $kind) (i32.const 2))
              (then
                (local.set $room (f64.min (local.get $cap)
                  (f64.sub (local.get $base) (f64.load (i32.add (local.get $tails) (i32.shl (local.get $index) (i32.const 3)))))))
                (local.set $titleWidth (f64.load (i32.add (i32.load offset=24 (local.get $source)) (i32.shl (local.get $row) (i32.const 3)))))
                (local.set $cutWidth (local.get $titleWidth))
                (local.set $start (i32.load (i32.add (i32.load offset=12 (local.get $source)) (i32.shl (local.get $row) (i32.const 2)))))
                (local.set $end (i32.load offset=4 (i32.add (i32.load offset=12 (local.get $source)) (i32.shl (local.get $row) (i32.const 2)))))
                (if (f64.le (local.get $titleWidth) (local.get $room))
                  (then
                    (local.set $at (call $copy (local.get $at)
                      (i32.add (i32.load offset=8 (local.get $source)) (local.get $start))
                      (i32.sub (local.get $end) (local.get $start)))))
                  (else
                    (if (i32.and
                          (i32.and
                            (f64.gt (local.get $room) (f64.const 1))
                            (f64.eq (f64.load (i32.add (i32.load offset=28 (local.get $source)) (i32.shl (local.get $row) (i32.const 3)))) (f64.const 1)))
                          (f64.eq (f64.convert_i32_u (i32.sub (local.get $end) (local.get $start))) (local.get $titleWidth)))
                      (then
                        ;; ASCII only (one byte a column): cut at the byte, white space before
                        ;; the cut trimmed, and an ellipsis.
                        (local.set $stop (i32.sub (i32.add (local.get $start) (i32.trunc_sat_f64_s (local.get $room))) (i32.const 1)))
                        (block $trimmed
                          (loop $trim
                            (br_if $trimmed (i32.le_u (local.get $stop) (local.get $start)))
                            (br_if $trimmed (i32.eqz (call $isSpace (i32.load8_u (i32.sub
                              (i32.add (i32.load offset=8 (local.get $source)) (local.get $stop)) (i32.const 1))))))
                            (local.set $stop (i32.sub (local.get $stop) (i32.const 1)))
                            (br $trim)))
                        (local.set $at (call $copy (local.get $at)
                          (i32.add (i32.load offset=8 (local.get $source)) (local.get $start))
                          (i32.sub (local.get $stop) (local.get $start))))
                        ;; U+2026 in UTF-8.
                        (i32.store8 (local.get $at) (i32.const 0xe2))
                        (i32.store8 offset=1 (local.get $at) (i32.const 0x80))
                        (i32.store8 offset=2 (local.get $at) (i32.const 0xa6))
                        (local.set $at (i32.add (local.get $at) (i32.const 3)))
                        (local.set $cutWidth (f64.convert_i32_u (i32.add (i32.sub (local.get $stop) (local.get $start)) (i32.const 1)))))
                      (else
                        ;; Any other title is cut by JavaScript, as truncate() cuts it.
                        (local.set $at (i32.add (local.get $at) (call $cutTitle (local.get $index) (local.get $room) (local.get $at))))
                        (local.set $cutWidth (call $cutWidth))))))
                (if (i32.eq (local.get $kind) (i32.const 3))
                  (then
                    ;; No notes: nothing after the title, not the white space it or its padding ends in.
                    (block $bare
                      (loop $back
                        (br_if $bare (i32.le_u (local.get $at) (local.get $afterSlug)))
                        (br_if $bare (i32.eqz (call $isSpace (i32.load8_u (i32.sub (local.get $at) (i32.const 1))))))
                        (local.set $at (i32.sub (local.get $at) (i32.const 1)))
                        (br $back))))
                  (else
                    ;; Saturating: a width a damaged cache made NaN costs the padding, not the list.
                    (local.set $at (i32.add (local.get $at)
                      (i32.trunc_sat_f64_s (f64.max (f64.const 0)
                        (f64.sub (f64.add (local.get $room) (f64.const 2)) (local.get $cutWidth))))))))))
            (if (i32.le_u (local.get $kind) (i32.const 2))
              (then
                ;; The notes, then what the flags or a reaction add.
                (local.set $start (i32.load (i32.add (i32.load offset=20 (local.get $source)) (i32.shl (local.get $row) (i32.const 2)))))
                (local.set $end (i32.load offset=4 (i32.add (i32.load offset=20 (local.get $source)) (i32.shl (local.get $row) (i32.const 2)))))
                (local.set $at (call $copy (local.get $at)
                  (i32.add (i32.load offset=16 (local.get $source)) (local.get $start))
                  (i32.sub (local.get $end) (local.get $start))))
                (if (i32.and (local.get $flag) (i32.const 8))
                  (then (local.set $at (i32.add (local.get $at) (call $extraNotes (local.get $index) (local.get $at)))))
                  (else
                    (local.set $notes (i32.add (local.get $flagNotes) (i32.shl (i32.and (local.get $flag) (i32.const 7)) (i32.const 3))))
                    (local.set $at (call $copy (local.get $at) (i32.load (local.get $notes)) (i32.load offset=4 (local.get $notes))))))))))
        (i32.store8 (local.get $at) (i32.const 0x0a))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (br $each)))
    (global.set $end (local.get $at))
    (local.get $index))

  ;; The length in bytes of value $row of a column whose starts are at $starts.
  (func $length (param $starts i32) (param $row i32) (result i32)
    (i32.sub
      (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $row) (i32.const 2))))
      (i32.load (i32.add (local.get $starts) (i32.shl (local.get $row) (i32.const 2)))))))
