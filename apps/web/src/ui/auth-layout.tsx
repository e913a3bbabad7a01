import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The centred card used by login, password reset and invitation pages. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Box mih="100vh" bg="gray.0" py={64} px="md">
      <Center>
        <Stack w="100%" maw={420} gap="lg">
          <Stack gap={6} align="center">
            <Box
              w={40}
              h={40}
              style={{
                borderRadius: 10,
                display: 'grid',
                placeItems: 'center',
                color: 'white',
                fontWeight: 800,
                background:
                  'linear-gradient(135deg, var(--mantine-color-indigo-6), var(--mantine-color-violet-5))',
              }}
            >
              O
            </Box>
            <Title order={2} fz={24} ta="center">
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm" ta="center">
                {subtitle}
              </Text>
            )}
          </Stack>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            {children}
          </Paper>
          {footer && (
            <Text size="sm" c="dimmed" ta="center">
              {footer}
            </Text>
          )}
        </Stack>
      </Center>
    </Box>
  );
}
