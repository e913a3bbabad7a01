import { Button } from '@mantine/core';
import { Link } from '../app/router.tsx';
import { EmptyState } from '../ui/states.tsx';

export function NotFoundPage() {
  return (
    <EmptyState
      title="Page not found"
      action={
        <Button component={Link} href="/" variant="light">
          Go home
        </Button>
      }
    >
      The page you asked for does not exist, or you do not have access to it.
    </EmptyState>
  );
}

export function NoAccessPage() {
  return (
    <EmptyState title="No workspace yet">
      Your account is not a member of any agency or sub-account. Ask an administrator to invite you.
    </EmptyState>
  );
}
