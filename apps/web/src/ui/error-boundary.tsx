import { Alert, Button, Center, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

type State = { error: Error | null };

/** A render error shows a message and a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey?: string }): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Center py="xl">
        <Alert color="red" variant="light" title="This page failed to display" maw={560}>
          <Stack gap="sm">
            <Text size="sm">{this.state.error.message}</Text>
            <Button
              size="xs"
              variant="light"
              color="red"
              w="fit-content"
              onClick={() => window.location.reload()}
            >
              Reload the page
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
}
