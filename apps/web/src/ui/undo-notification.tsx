import { Button, Group, MantineProvider, Notification, Portal, Stack, Text } from '@mantine/core';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { theme } from '../app/theme.ts';

/** How long an undo offer stays on screen: long enough to notice a mistake, short enough not to pile up. */
const UNDO_WINDOW_MS = 8_000;

type UndoOffer = { id: number; message: string; onUndo: () => Promise<void> | void };

let offers: UndoOffer[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function setOffers(next: UndoOffer[]) {
  offers = next;
  for (const listener of listeners) listener();
}

function dismiss(id: number) {
  setOffers(offers.filter((offer) => offer.id !== id));
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function UndoCard({ offer }: { offer: UndoOffer }) {
  const [undoing, setUndoing] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (undoing) return;
    const timer = setTimeout(() => dismiss(offer.id), UNDO_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [offer.id, undoing]);

  async function undo() {
    setUndoing(true);
    setFailed(false);
    try {
      await offer.onUndo();
      dismiss(offer.id);
    } catch {
      setUndoing(false);
      setFailed(true);
    }
  }

  return (
    <Notification
      role="status"
      aria-live="polite"
      withCloseButton
      closeButtonProps={{ 'aria-label': 'Dismiss' }}
      onClose={() => dismiss(offer.id)}
      withBorder
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Text size="sm">{offer.message}</Text>
          {failed && (
            <Text size="xs" c="red">
              Could not undo. Try again, or change it back by hand.
            </Text>
          )}
        </Stack>
        <Button size="xs" variant="light" loading={undoing} onClick={() => void undo()}>
          Undo
        </Button>
      </Group>
    </Notification>
  );
}

function UndoStack() {
  const current = useSyncExternalStore(subscribe, () => offers);
  if (current.length === 0) return null;
  return (
    <Portal>
      <Stack
        gap="xs"
        data-testid="undo-notifications"
        style={{
          position: 'fixed',
          bottom: 16,
          right: 16,
          left: 16,
          marginLeft: 'auto',
          maxWidth: 420,
          zIndex: 1000,
        }}
      >
        {current.map((offer) => (
          <UndoCard key={offer.id} offer={offer} />
        ))}
      </Stack>
    </Portal>
  );
}

let mounted = false;

/**
 * Mounts its own small React root on first use, so any screen can offer an undo without a provider
 * being threaded through the app. The app's MantineProvider already set the CSS variables.
 */
function mountOnce() {
  if (mounted) return;
  mounted = true;
  const host = document.createElement('div');
  document.body.appendChild(host);
  createRoot(host).render(
    <MantineProvider theme={theme} withCssVariables={false} withGlobalClasses={false}>
      <UndoStack />
    </MantineProvider>,
  );
}

/** Shows "<message> [Undo]" at the bottom right for about eight seconds. */
export function showUndo({ message, onUndo }: { message: string; onUndo: () => Promise<void> | void }): void {
  mountOnce();
  setOffers([...offers, { id: nextId++, message, onUndo }]);
}
