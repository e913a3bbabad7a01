import { EmptyState } from '../ui/states.tsx';
import { ButtonLink } from '../ui/links.tsx';

export function NotFoundPage() {
  return (
    <EmptyState
      title="Page not found"
      action={
        <ButtonLink to="/" variant="light">
          Go home
        </ButtonLink>
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
