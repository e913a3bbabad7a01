import { Code, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A small markdown renderer for notes: paragraphs, bullet and numbered lists, headings, **bold**,
 * *italic*, `code` and [links](https://…). It builds React elements, never HTML strings, so a note
 * cannot inject markup; links are kept only for http(s) and mailto.
 */
function inline(text: string, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /(\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_|`[^`]+`|\[[^\]]+\]\([^)\s]+\))/g;
  let last = 0;
  let i = 0;
  for (const match of text.matchAll(pattern)) {
    const token = match[0];
    const at = match.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const key = `${keyPrefix}-${i++}`;
    if (token.startsWith('**')) out.push(<strong key={key}>{token.slice(2, -2)}</strong>);
    else if (token.startsWith('`')) out.push(<Code key={key}>{token.slice(1, -1)}</Code>);
    else if (token.startsWith('[')) {
      const [, label = '', href = ''] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token) ?? [];
      out.push(
        /^(https?:|mailto:)/i.test(href) ? (
          <a key={key} href={href} target="_blank" rel="noreferrer noopener">
            {label}
          </a>
        ) : (
          label
        ),
      );
    } else out.push(<em key={key}>{token.slice(1, -1)}</em>);
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ source }: { source: string }) {
  const blocks: ReactNode[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length) {
      const key = `p${blocks.length}`;
      blocks.push(
        <Text key={key} size="sm" style={{ whiteSpace: 'pre-wrap' }} mb={4}>
          {inline(paragraph.join('\n'), key)}
        </Text>,
      );
      paragraph = [];
    }
    if (list) {
      const key = `l${blocks.length}`;
      blocks.push(
        <List key={key} type={list.ordered ? 'ordered' : 'unordered'} size="sm" mb={4} withPadding>
          {list.items.map((item, n) => (
            <List.Item key={n}>{inline(item, `${key}-${n}`)}</List.Item>
          ))}
        </List>,
      );
      list = null;
    }
  };
  for (const line of lines) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const ordered = Boolean(numbered);
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)?.[1] ?? '');
    } else if (heading) {
      flush();
      const key = `h${blocks.length}`;
      blocks.push(
        <Text key={key} size="sm" fw={700} mb={4}>
          {inline(heading[2] ?? '', key)}
        </Text>,
      );
    } else if (!line.trim()) flush();
    else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return <div data-testid="markdown">{blocks}</div>;
}
