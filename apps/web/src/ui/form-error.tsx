import { Alert, Text } from '@mantine/core';
import { ApiError, errorMessage } from '../api/client.ts';

/** The API's message for one field, for a Mantine input's `error` prop. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}

/** The problem's `detail` above a form; field messages go beside their inputs. */
export function FormError({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  if (!error) return null;
  const unplaced =
    error instanceof ApiError
      ? error.fieldErrors.filter((e) => !fields.some((f) => e.field === f || e.field.endsWith(`.${f}`)))
      : [];
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={error instanceof ApiError ? error.problem.title : undefined}
    >
      <Text size="sm">{errorMessage(error)}</Text>
      {unplaced.map((e) => (
        <Text size="sm" key={e.field}>
          {e.field}: {e.message}
        </Text>
      ))}
    </Alert>
  );
}
