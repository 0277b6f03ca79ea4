#!/usr/bin/env node
// Independent BLAKE3 for tests/Zhtp.Storage.Host.Tests/HashCommandTests.cs: prints b3sum-style
// lines ("<hex>  <name>") computed by the npm package @noble/hashes, so `zhtp hash` is checked
// against an implementation that shares no code with the Blake3 NuGet package or b3sum.
//
//   node b3.mjs [--length N] [--derive-key CONTEXT] [--key-hex HEX64] [FILE | -]...
//
// "-" (or no FILE) reads standard input. Exit code 1 with a message on stderr on any failure.
import { blake3 } from "@noble/hashes/blake3.js";
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
let length = 32;
let context;
let key;
const files = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--length") length = Number(args[++i]);
  else if (a === "--derive-key") context = args[++i];
  else if (a === "--key-hex") key = Buffer.from(args[++i], "hex");
  else files.push(a);
}
if (files.length === 0) files.push("-");

const options = { dkLen: length };
if (context !== undefined) options.context = new TextEncoder().encode(context);
if (key !== undefined) options.key = new Uint8Array(key);
try {
  for (const name of files) {
    const data = name === "-" ? readFileSync(0) : readFileSync(name);
    const digest = blake3(new Uint8Array(data), options);
    process.stdout.write(Buffer.from(digest).toString("hex") + "  " + name + "\n");
  }
} catch (error) {
  process.stderr.write(String(error) + "\n");
  process.exit(1);
}
