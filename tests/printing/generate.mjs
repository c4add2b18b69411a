// Writes tests/printing/util-inspect.json: random values (numbers, strings, booleans, null,
// documents and arrays, nested) with the text Node's util.inspect gives them under mongosh's
// options: a statement's value (`depth: 6`, Node's other defaults) and `printjson` (`compact:
// false` and everything, MONGOSH-955). tests/native/printing.rs prints the same values with
// Session Lab's shell and compares. Deterministic: `node tests/printing/generate.mjs` writes the
// same file again (Node 18 or later).
import util from 'node:util';
import fs from 'node:fs';

let seed = 5;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (choices) => choices[Math.floor(random() * choices.length)];
const words = ['a', 'ann', 'bob', "it's", 'say "hi"', 'line\nnext', 'x'.repeat(30),
  `${'long text '.repeat(9)}\nand more\nend`, 'é', '', 'key with space', '_id', 'n'];
let budget = 0;

function value(depth) {
  const r = random();
  if (depth > 9 || r < 0.45 || --budget < 0) {
    return pick([
      () => Math.floor(random() * 2000) - 1000,
      () => Math.floor(random() * 10),
      () => pick([1.5, -2.25, 1e21, 0.1]),
      () => pick(words),
      () => pick([true, false, null]),
    ])();
  }
  if (r < 0.72) {
    const length = pick([0, 1, 2, 3, 5, 7, 8, 12, 26, 40, 101, 130]);
    const kind = random();
    if (kind < 0.5) {
      const limit = kind < 0.25 ? 10 : 100000;
      return Array.from({ length }, () => Math.floor(random() * limit));
    }
    return Array.from({ length: Math.min(length, 8) }, () => value(depth + 1));
  }
  const document = {};
  const fields = pick([0, 1, 2, 3, 4, 6, 9]);
  for (let i = 0; i < fields; i++) {
    document[pick(['a', 'ann', 'bob', `k${i}`, 'key with space', '_id', 'value']) + i] = value(depth + 1);
  }
  return document;
}

// The value as a shell literal: integers are Int32 in the shell, as in mongosh's JavaScript.
function literal(v) {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 2 ** 31 ? v.toExponential().replace('e+', 'e') : String(v);
  if (v === null || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return `({${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${literal(x)}`).join(', ')}})`;
}

const cases = [];
for (let i = 0; i < 160; i++) {
  budget = 30;
  const v = [value(0)];
  const printed = { literal: literal(v), value: util.inspect(v, { depth: 6 }) };
  if (i < 40) {
    printed.printjson = util.inspect(v, { compact: false, depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity });
  }
  cases.push(printed);
}
fs.writeFileSync(new URL('util-inspect.json', import.meta.url), `${JSON.stringify(cases, null, 0).replaceAll('},{', '},\n{')}\n`);
