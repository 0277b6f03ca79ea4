#!/usr/bin/env node
// Cross-implementation helper for tests/Zhtp.Storage.Types.Tests/MessagePack/MessagePackCrossImplementationTests.cs:
// the C# reader/writer is checked against the npm package @msgpack/msgpack.
//
//   node roundtrip.mjs decode  < hex lines         > typed-JSON lines   (MessagePack -> value)
//   node roundtrip.mjs encode  < typed-JSON lines  > hex lines          (value -> MessagePack)
//
// One value per line. Typed JSON keeps what plain JSON loses:
//   null | true | false | {"int":"<decimal>"} | {"f64":n} | {"f32":n} | {"float":n} (decode output: the wire width is
//   not visible in JavaScript) | {"str":s} | {"bin":"hex"} | [values...] | {"map":[[key,value],...]} |
//   {"ext":type,"data":"hex"} | {"ts":[seconds,nanoseconds]}
// A value containing {"f32":n} is encoded with forceFloat32 (so all its floats are float 32).
// Exit code 1 with a message on stderr on any failure.
import { Decoder, Encoder, ExtData, ExtensionCodec, decodeTimestampToTimeSpec, encodeTimeSpecToTimestamp } from "@msgpack/msgpack";

class TimeSpec {
  constructor(sec, nsec) {
    this.sec = sec;
    this.nsec = nsec;
  }
}

// Timestamps as {sec, nsec} instead of Date, which would drop nanoseconds and range.
const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: -1,
  encode: (value) => (value instanceof TimeSpec ? encodeTimeSpecToTimestamp(value) : null),
  decode: (data) => {
    const spec = decodeTimestampToTimeSpec(data);
    return new TimeSpec(spec.sec, spec.nsec);
  },
});

const decoder = new Decoder({ extensionCodec, useBigInt64: true });
const encoder64 = new Encoder({ extensionCodec, useBigInt64: true });
const encoder32 = new Encoder({ extensionCodec, useBigInt64: true, forceFloat32: true });

const toHex = (bytes) => Buffer.from(bytes).toString("hex");
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, "hex"));

function toTyped(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return { int: value.toString() };
  // An integral double from a float token looks like an integer in JavaScript; only safe integers are reported as int.
  if (typeof value === "number") return Number.isSafeInteger(value) ? { int: value.toString() } : { float: value };
  if (typeof value === "string") return { str: value };
  if (value instanceof Uint8Array) return { bin: toHex(value) };
  if (Array.isArray(value)) return value.map(toTyped);
  if (value instanceof TimeSpec) return { ts: [value.sec, value.nsec] };
  if (value instanceof ExtData) return { ext: value.type, data: toHex(value.data) };
  if (typeof value === "object") return { map: Object.entries(value).map(([k, v]) => [{ str: k }, toTyped(v)]) };
  throw new Error(`cannot describe ${typeof value}`);
}

let usesFloat32 = false;

function fromTyped(typed) {
  if (typed === null || typeof typed === "boolean") return typed;
  if (Array.isArray(typed)) return typed.map(fromTyped);
  if ("int" in typed) {
    // @msgpack/msgpack with useBigInt64 writes numbers outside int32/uint32 as floats, bigints as int 64/uint 64.
    const big = BigInt(typed.int);
    return big >= -2147483648n && big < 4294967296n ? Number(big) : big;
  }
  if ("f64" in typed) return typed.f64;
  if ("f32" in typed) {
    usesFloat32 = true;
    return typed.f32;
  }
  if ("str" in typed) return typed.str;
  if ("bin" in typed) return fromHex(typed.bin);
  if ("map" in typed) {
    const map = {};
    for (const [key, value] of typed.map) {
      if (!("str" in key)) throw new Error("map keys must be strings for @msgpack/msgpack");
      map[key.str] = fromTyped(value);
    }
    return map;
  }
  if ("ext" in typed) return new ExtData(typed.ext, fromHex(typed.data));
  if ("ts" in typed) return new TimeSpec(typed.ts[0], typed.ts[1]);
  throw new Error(`unknown typed value ${JSON.stringify(typed).slice(0, 80)}`);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const mode = process.argv[2];
if (mode !== "decode" && mode !== "encode") {
  process.stderr.write("usage: node roundtrip.mjs decode|encode < lines\n");
  process.exit(2);
}

const lines = (await readStdin()).split("\n").filter((line) => line.length > 0);
const output = [];
for (const [index, line] of lines.entries()) {
  try {
    if (mode === "decode") {
      output.push(JSON.stringify(toTyped(decoder.decode(fromHex(line.trim())))));
    } else {
      usesFloat32 = false;
      const value = fromTyped(JSON.parse(line));
      output.push(toHex((usesFloat32 ? encoder32 : encoder64).encode(value)));
    }
  } catch (error) {
    process.stderr.write(`line ${index + 1}: ${error.message}\n`);
    process.exit(1);
  }
}
process.stdout.write(output.join("\n") + "\n");
