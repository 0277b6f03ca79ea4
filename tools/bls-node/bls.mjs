#!/usr/bin/env node
// Independent BLS12-381 (ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_, keys in G1,
// signatures in G2) for tests/Zhtp.Storage.Host.Tests/BlsCrossImplementationTests.cs and the
// benchmark anchor of docs/bls.md: @chainsafe/blst (native blst) and @noble/curves (pure JS).
//
//   node bls.mjs cases N SEED   JSON array of N cases from a seeded generator: ikm, msg, and
//                               blst's sk, pk, sig, pop; noble's pk and sig from the same sk
//   node bls.mjs check          reads [{pk, msg, sig}] (hex) on stdin, prints [{blst, noble}]
//   node bls.mjs bench [SECONDS] one JSON line: blst sign_us, verify_us, fast_aggregate_verify_20_us
//                               (medians) and *_best_us (fastest call), like zhtp bench bls
//
// Exit code 1 with a message on stderr on any failure.
import blst from "@chainsafe/blst";
import { bls12_381 as noble } from "@noble/curves/bls12-381";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
const POP_DST = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
const hex = (b) => Buffer.from(b).toString("hex");
const unhex = (h) => new Uint8Array(Buffer.from(h, "hex"));

// Deterministic bytes: SHA-256(seed || counter), so the C# side can print the failing case.
function generator(seed) {
  let counter = 0;
  return (n) => {
    const out = [];
    while (out.length < n) {
      out.push(...createHash("sha256").update(`${seed}:${counter++}`).digest());
    }
    return new Uint8Array(out.slice(0, n));
  };
}

function cases(n, seed) {
  const next = generator(seed);
  const result = [];
  for (let i = 0; i < n; i++) {
    const ikm = next(32 + (i % 3) * 16);
    const msg = next(next(1)[0] % 97);
    const sk = blst.SecretKey.fromKeygen(ikm);
    const skBytes = sk.toBytes();
    const pk = sk.toPublicKey().toBytes(true);
    const sig = sk.sign(msg).toBytes(true);
    const pop = noble.sign(pk, skBytes, { DST: POP_DST });
    result.push({
      ikm: hex(ikm),
      msg: hex(msg),
      sk: hex(skBytes),
      pk: hex(pk),
      sig: hex(sig),
      pop: hex(pop),
      noble_pk: hex(noble.getPublicKey(skBytes)),
      noble_sig: hex(noble.sign(msg, skBytes, { DST })),
    });
  }
  return result;
}

function check(items) {
  return items.map(({ pk, msg, sig }) => {
    let blstOk = false;
    let nobleOk = false;
    try {
      blstOk = blst.verify(unhex(msg), blst.PublicKey.fromBytes(unhex(pk), true), blst.Signature.fromBytes(unhex(sig), true), true, true);
    } catch {
      blstOk = false;
    }
    try {
      nobleOk = noble.verify(unhex(sig), unhex(msg), unhex(pk), { DST });
    } catch {
      nobleOk = false;
    }
    return { blst: blstOk, noble: nobleOk };
  });
}

function median(fn, seconds) {
  for (let i = 0; i < 3; i++) fn();
  const samples = [];
  const end = performance.now() + seconds * 1000;
  while (samples.length < 5 || performance.now() < end) {
    const start = performance.now();
    fn();
    samples.push((performance.now() - start) * 1000);
  }
  samples.sort((a, b) => a - b);
  return [samples[samples.length >> 1], samples[0]];
}

function bench(seconds) {
  const msg = new Uint8Array(32).map((_, i) => (i * 37) & 0xff);
  const keys = Array.from({ length: 20 }, (_, i) => blst.SecretKey.fromKeygen(new Uint8Array(32).fill(i + 1)));
  const pks = keys.map((k) => k.toPublicKey());
  const sig = keys[0].sign(msg);
  const aggregate = blst.aggregateSignatures(keys.map((k) => k.sign(msg)));
  // Keys and signatures are decoded (validated) once, as zhtp bench bls does; verify re-checks the
  // signature's subgroup like zhtp's Verify on a decoded Signature does not (it was checked on decoding).
  const pkBytes = pks[0].toBytes(true);
  const sigBytes = sig.toBytes(true);
  const measured = {
    sign: median(() => keys[0].sign(msg), seconds),
    verify: median(() => blst.verify(msg, pks[0], sig), seconds),
    fast_aggregate_verify_20: median(() => blst.fastAggregateVerify(msg, pks, aggregate), seconds),
    decode_verify: median(() => blst.verify(msg, blst.PublicKey.fromBytes(pkBytes, true), blst.Signature.fromBytes(sigBytes, true), true, true), seconds),
  };
  const figures = {};
  for (const [k, [med, best]] of Object.entries(measured)) {
    figures[`${k}_best_us`] = Math.round(best * 10) / 10;
    figures[`${k}_us`] = Math.round(med * 10) / 10;
  }
  return figures;
}

try {
  const [mode, a, b] = process.argv.slice(2);
  let output;
  if (mode === "cases") output = cases(Number(a), b ?? "zhtp");
  else if (mode === "check") output = check(JSON.parse(readFileSync(0, "utf8")));
  else if (mode === "bench") output = bench(Number(a ?? 1));
  else throw new Error(`unknown mode '${mode}': use cases N SEED | check | bench [SECONDS]`);
  process.stdout.write(JSON.stringify(output) + "\n");
} catch (error) {
  process.stderr.write(String(error?.stack ?? error) + "\n");
  process.exit(1);
}
