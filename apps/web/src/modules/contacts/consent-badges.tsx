import { Badge, Group, Tooltip } from '@mantine/core';
import type { ConsentChannel, Contact } from '../../api/contacts.api.ts';
import { formatDateTime } from '../../ui/format.ts';

const CHANNELS: { key: ConsentChannel; label: string }[] = [
  { key: 'sms', label: 'SMS' },
  { key: 'imessage', label: 'iMessage' },
  { key: 'email', label: 'Email' },
  { key: 'whatsapp', label: 'WhatsApp' },
  { key: 'calls', label: 'Calls' },
];

const LOOK = {
  opted_in: { color: 'teal', text: 'opted in' },
  opted_out: { color: 'red', text: 'opted out' },
  dnd: { color: 'orange', text: 'do not disturb' },
} as const;

/** One badge per channel: green opted in, red opted out, orange DND, grey when nothing is recorded. */
export function ConsentBadges({ consent }: { consent: Contact['consent'] }) {
  return (
    <Group gap={6} data-testid="consent-badges">
      {CHANNELS.map(({ key, label }) => {
        const entry = consent[key];
        const look = entry ? LOOK[entry.status] : null;
        const tip = entry
          ? `${label}: ${look?.text} on ${formatDateTime(entry.at)}${entry.reason ? ` (${entry.reason})` : ''}`
          : `${label}: no consent recorded`;
        return (
          <Tooltip key={key} label={tip}>
            <Badge
              variant={entry ? 'light' : 'outline'}
              color={look?.color ?? 'gray'}
              tt="none"
              data-channel={key}
              data-status={entry?.status ?? 'none'}
            >
              {label}
              {entry
                ? ` · ${entry.status === 'dnd' ? 'DND' : entry.status === 'opted_in' ? 'in' : 'out'}`
                : ''}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}
