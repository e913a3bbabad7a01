import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvCell, csvLines, csvStream } from './csv.ts';

describe('CSV cells', () => {
  test('text a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection)', () => {
    for (const formula of [
      '=HYPERLINK("https://evil.example","Click")',
      '+cmd|" /C calc"!A0',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1+1',
      '\r=1+1',
      '＝1+1',
    ]) {
      const rows = parse(csvCell(formula)) as string[][];
      assert.deepEqual(rows, [[`'${formula}`]], JSON.stringify(formula));
    }
  });

  test('numbers, negative ones too, and ordinary text are written as they are', () => {
    assert.equal(csvCell(-42), '-42');
    assert.equal(csvCell(3.5), '3.5');
    assert.equal(csvCell('Zoë'), 'Zoë');
    assert.equal(csvCell('a-b=c'), 'a-b=c');
    assert.equal(csvCell(null), '');
  });

  test('delimiters, quotes and line breaks are quoted, a lone CR or LF too', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('a\nb'), '"a\nb"');
    assert.equal(csvCell('a\rb'), '"a\rb"');
  });

  test('lines end in CRLF; a header row is neutralised like any cell', async () => {
    assert.equal(
      csvLines([[2, '=x']], { header: ['row_number', 'reason'] }),
      "row_number,reason\r\n2,'=x\r\n",
    );
    const stream = csvStream({ header: ['=Plan', 'Score'], bom: true });
    stream.end(['@home', -1]);
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    assert.equal(text, "\uFEFF'=Plan,Score\r\n'@home,-1\r\n");
  });
});
