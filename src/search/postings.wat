;; The two loops of a search that visit every posting and every article (src/search/query.ts),
;; at native speed. In JavaScript they run once per process, before V8 has compiled them: about
;; 40 ns a posting, and every sum of doubles allocates, so a search of 50,000 articles spent 8 ms
;; in them and in the garbage collector. Each function here does exactly what its JavaScript
;; twin does (addPostings in src/search/index.ts, the scoring in query.ts), to the last bit of
;; every score; the tests hold them to it. Compiled into src/search/postings-binary.ts by
;; `npm run wasm` (scripts/wasm.mjs).
(module
  ;; The caller lays out its arrays here and grows it to fit (src/search/postings-wasm.ts).
  (memory (export "memory") 1)

  ;; Where the number that $number read ends.
  (global $next (mut i32) (i32.const 0))
  ;; How many articles have every word: set by $select.
  (global $total (export "total") (mut i32) (i32.const 0))

  ;; Errors, returned as negative numbers (CorruptIndexError messages in postings-wasm.ts).
  ;; -1 articles out of order; -2 an article number out of range; -3 postings end inside a
  ;; number; -4 bad parts; -5 not a number in the postings. $number, finding an error, sets it in
  ;; $error and returns -1, which no number can be.
  (global $error (mut i32) (i32.const 0))

  ;; A number at $at (< $end): bytes '0'..'O' end it with their last five bits, 'P'..'o' carry
  ;; five bits and more to come, least significant first. Its end goes to $next.
  (func $number (param $at i32) (param $end i32) (result i64)
    (local $byte i32)
    (local $value i64)
    (local $scale i64)
    (local.set $scale (i64.const 1))
    (loop $digits
      (if (i32.ge_u (local.get $at) (local.get $end))
        (then (global.set $error (i32.const -3)) (return (i64.const -1))))
      (local.set $byte (i32.load8_u (local.get $at)))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      ;; 0x30 ('0') .. 0x4f ('O'): the last five bits.
      (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 0x30)) (i32.const 32))
        (then
          (global.set $next (local.get $at))
          (return (i64.add (local.get $value)
            (i64.mul (i64.extend_i32_u (i32.sub (local.get $byte) (i32.const 0x30))) (local.get $scale))))))
      ;; 0x50 ('P') .. 0x6f ('o'): five bits, more to come; at most nine of them (2^40).
      (if (i32.or
            (i32.ge_u (i32.sub (local.get $byte) (i32.const 0x50)) (i32.const 32))
            (i64.gt_u (local.get $scale) (i64.const 0x10000000000)))
        (then (global.set $error (i32.const -5)) (return (i64.const -1))))
      (local.set $value (i64.add (local.get $value)
        (i64.mul (i64.extend_i32_u (i32.sub (local.get $byte) (i32.const 0x50))) (local.get $scale))))
      (local.set $scale (i64.mul (local.get $scale) (i64.const 32)))
      (br $digits))
    (unreachable))

  ;; addPostings: adds one term's postings, [$bytes, $bytes + $length), to the totals of the
  ;; word numbered $word. Each article: the gap from the one before (the first: its number),
  ;; the term's weight there in hundredths, and its part bits. $matched (u32 per article) counts
  ;; the words an article has, in order; $scores (f64) and $parts (u32) are this word's; an
  ;; article is numbered $base + its number in this index; $hidden, if not 0, holds a byte per
  ;; article of this index, not 0 for one left out. Returns how many articles this adds to the
  ;; word's frequency, or an error (< 0).
  (func (export "addPostings")
    (param $bytes i32) (param $length i32) (param $docCount i32) (param $base i32)
    (param $hidden i32) (param $word i32) (param $factor f64)
    (param $matched i32) (param $scores i32) (param $parts i32)
    (result i32)
    (local $end i32)
    (local $at i32)
    (local $byte i32)
    (local $number i64)
    (local $doc i64)
    (local $weight f64)
    (local $bits i32)
    (local $article i32)
    (local $has i32)
    (local $frequency i32)
    (local.set $at (local.get $bytes))
    (local.set $end (i32.add (local.get $bytes) (local.get $length)))
    (local.set $doc (i64.const -1))
    (block $done
      (loop $postings
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        ;; The gap.
        (local.set $byte (i32.load8_u (local.get $at)))
        (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 0x30)) (i32.const 32))
          (then
            (local.set $number (i64.extend_i32_u (i32.sub (local.get $byte) (i32.const 0x30))))
            (local.set $at (i32.add (local.get $at) (i32.const 1))))
          (else
            (local.set $number (call $number (local.get $at) (local.get $end)))
            (if (i64.lt_s (local.get $number) (i64.const 0)) (then (return (global.get $error))))
            (local.set $at (global.get $next))))
        (if (i32.and (i64.ge_s (local.get $doc) (i64.const 0)) (i64.eqz (local.get $number)))
          (then (return (i32.const -1))))
        (local.set $doc (select
          (local.get $number)
          (i64.add (local.get $doc) (local.get $number))
          (i64.lt_s (local.get $doc) (i64.const 0))))
        (if (i64.ge_s (local.get $doc) (i64.extend_i32_u (local.get $docCount)))
          (then (return (i32.const -2))))
        ;; The weight.
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const -3))))
        (local.set $byte (i32.load8_u (local.get $at)))
        (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 0x30)) (i32.const 32))
          (then
            (local.set $weight (f64.convert_i32_u (i32.sub (local.get $byte) (i32.const 0x30))))
            (local.set $at (i32.add (local.get $at) (i32.const 1))))
          (else
            (local.set $number (call $number (local.get $at) (local.get $end)))
            (if (i64.lt_s (local.get $number) (i64.const 0)) (then (return (global.get $error))))
            (local.set $weight (f64.convert_i64_u (local.get $number)))
            (local.set $at (global.get $next))))
        ;; The part bits: not 0, and 32 of them at most.
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const -3))))
        (local.set $byte (i32.load8_u (local.get $at)))
        (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 0x30)) (i32.const 32))
          (then
            (local.set $number (i64.extend_i32_u (i32.sub (local.get $byte) (i32.const 0x30))))
            (local.set $at (i32.add (local.get $at) (i32.const 1))))
          (else
            (local.set $number (call $number (local.get $at) (local.get $end)))
            (if (i64.lt_s (local.get $number) (i64.const 0)) (then (return (global.get $error))))
            (local.set $at (global.get $next))))
        (if (i32.or (i64.eqz (local.get $number)) (i64.ge_u (local.get $number) (i64.const 0x100000000)))
          (then (return (i32.const -4))))
        (local.set $bits (i32.wrap_i64 (local.get $number)))
        ;; An article another of the same name hides.
        (if (local.get $hidden)
          (then
            (br_if $postings (i32.load8_u (i32.add (local.get $hidden) (i32.wrap_i64 (local.get $doc)))))))
        (local.set $article (i32.add (local.get $base) (i32.wrap_i64 (local.get $doc))))
        (local.set $has (i32.load (i32.add (local.get $matched) (i32.shl (local.get $article) (i32.const 2)))))
        (if (i32.eq (local.get $has) (local.get $word))
          (then
            (local.set $frequency (i32.add (local.get $frequency) (i32.const 1)))
            (i32.store (i32.add (local.get $matched) (i32.shl (local.get $article) (i32.const 2)))
              (i32.add (local.get $word) (i32.const 1))))
          (else
            (if (i32.ne (local.get $has) (i32.add (local.get $word) (i32.const 1)))
              (then
                ;; An article without an earlier word: still counts for this word's rarity, once.
                (if (i32.eqz (i32.load (i32.add (local.get $parts) (i32.shl (local.get $article) (i32.const 2)))))
                  (then (local.set $frequency (i32.add (local.get $frequency) (i32.const 1)))))
                (i32.store (i32.add (local.get $parts) (i32.shl (local.get $article) (i32.const 2))) (i32.const 1))
                (br $postings)))))
        (f64.store (i32.add (local.get $scores) (i32.shl (local.get $article) (i32.const 3)))
          (f64.add
            (f64.load (i32.add (local.get $scores) (i32.shl (local.get $article) (i32.const 3))))
            (f64.div
              (select (local.get $weight) (f64.mul (local.get $weight) (local.get $factor)) (f64.eq (local.get $factor) (f64.const 1)))
              (f64.const 100))))
        (i32.store (i32.add (local.get $parts) (i32.shl (local.get $article) (i32.const 2)))
          (i32.or
            (i32.load (i32.add (local.get $parts) (i32.shl (local.get $article) (i32.const 2))))
            (local.get $bits)))
        (br $postings)))
    (local.get $frequency))

  ;; The score of every article with all $words words, written to $out (f64 per article), and
  ;; those that may be among the best $limit: every article whose score is at least the
  ;; $limit-th best, numbers in increasing order at $candidates (u32 each). Returns how many;
  ;; $total is set to how many articles have every word. $table holds, for each word, 16
  ;; bytes: its scores' address (i32), its parts' address (i32), its weight (idf, f64). The
  ;; score is as scoreOf in query.ts: the weights times the idfs, added word by word, times
  ;; 1.25 when one part has every word (of two or more). $best is room for $limit doubles.
  (func (export "select")
    (param $size i32) (param $words i32) (param $matched i32) (param $table i32)
    (param $limit i32) (param $out i32) (param $best i32) (param $candidates i32)
    (result i32)
    (local $doc i32)
    (local $word i32)
    (local $entry i32)
    (local $sum f64)
    (local $together i32)
    (local $parts i32)
    (local $kept i32)
    (local $at i32)
    (local $threshold f64)
    (local $count i32)
    (global.set $total (i32.const 0))
    (block $scored
      (loop $articles
        (br_if $scored (i32.ge_u (local.get $doc) (local.get $size)))
        (if (i32.eq (i32.load (i32.add (local.get $matched) (i32.shl (local.get $doc) (i32.const 2)))) (local.get $words))
          (then
            (global.set $total (i32.add (global.get $total) (i32.const 1)))
            (local.set $sum (f64.const 0))
            (local.set $word (i32.const 0))
            (loop $each
              (local.set $entry (i32.add (local.get $table) (i32.shl (local.get $word) (i32.const 4))))
              (local.set $sum (f64.add (local.get $sum)
                (f64.mul
                  (f64.load offset=8 (local.get $entry))
                  (f64.load (i32.add (i32.load (local.get $entry)) (i32.shl (local.get $doc) (i32.const 3)))))))
              (local.set $parts (i32.load (i32.add (i32.load offset=4 (local.get $entry)) (i32.shl (local.get $doc) (i32.const 2)))))
              (local.set $together (select (local.get $parts) (i32.and (local.get $together) (local.get $parts)) (i32.eqz (local.get $word))))
              (local.set $word (i32.add (local.get $word) (i32.const 1)))
              (br_if $each (i32.lt_u (local.get $word) (local.get $words))))
            (if (i32.and (i32.gt_u (local.get $words) (i32.const 1)) (i32.ne (local.get $together) (i32.const 0)))
              (then (local.set $sum (f64.mul (local.get $sum) (f64.const 1.25)))))
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $doc) (i32.const 3))) (local.get $sum))
            ;; The best $limit scores so far, highest first: an insertion, for the few that beat the last.
            (if (i32.or (i32.lt_u (local.get $kept) (local.get $limit))
                  (f64.gt (local.get $sum) (f64.load (i32.add (local.get $best) (i32.shl (i32.sub (local.get $limit) (i32.const 1)) (i32.const 3))))))
              (then
                (if (i32.lt_u (local.get $kept) (local.get $limit))
                  (then (local.set $kept (i32.add (local.get $kept) (i32.const 1)))))
                (local.set $at (i32.sub (local.get $kept) (i32.const 1)))
                (block $placed
                  (loop $shift
                    (br_if $placed (i32.eqz (local.get $at)))
                    (br_if $placed (f64.ge
                      (f64.load (i32.add (local.get $best) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 3))))
                      (local.get $sum)))
                    (f64.store (i32.add (local.get $best) (i32.shl (local.get $at) (i32.const 3)))
                      (f64.load (i32.add (local.get $best) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 3)))))
                    (local.set $at (i32.sub (local.get $at) (i32.const 1)))
                    (br $shift)))
                (f64.store (i32.add (local.get $best) (i32.shl (local.get $at) (i32.const 3))) (local.get $sum))))))
        (local.set $doc (i32.add (local.get $doc) (i32.const 1)))
        (br $articles)))
    ;; Fewer than $limit: all of them.
    (local.set $threshold
      (select
        (f64.load (i32.add (local.get $best) (i32.shl (i32.sub (local.get $limit) (i32.const 1)) (i32.const 3))))
        (f64.const -inf)
        (i32.ge_u (local.get $kept) (local.get $limit))))
    (local.set $doc (i32.const 0))
    (block $listed
      (loop $articles
        (br_if $listed (i32.ge_u (local.get $doc) (local.get $size)))
        (if (i32.and
              (i32.eq (i32.load (i32.add (local.get $matched) (i32.shl (local.get $doc) (i32.const 2)))) (local.get $words))
              (f64.ge (f64.load (i32.add (local.get $out) (i32.shl (local.get $doc) (i32.const 3)))) (local.get $threshold)))
          (then
            (i32.store (i32.add (local.get $candidates) (i32.shl (local.get $count) (i32.const 2))) (local.get $doc))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $doc (i32.add (local.get $doc) (i32.const 1)))
        (br $articles)))
    (local.get $count)))
