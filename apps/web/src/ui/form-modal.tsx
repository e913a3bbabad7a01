import { Modal, Stack, type ModalProps } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { FormError } from './form-error.tsx';

/**
 * A modal holding one form: submitting (button or Enter) calls `onSubmit` without reloading the
 * page, and the API's error is shown above the fields (those in `fields` sit under their input).
 */
export function FormModal({
  opened = true,
  onClose,
  title,
  size,
  onSubmit,
  error,
  fields,
  children,
}: {
  opened?: boolean;
  onClose: () => void;
  title: ReactNode;
  size?: ModalProps['size'];
  onSubmit: () => void;
  error: unknown;
  fields?: string[];
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} fields={fields} />
          {children}
        </Stack>
      </form>
    </Modal>
  );
}
