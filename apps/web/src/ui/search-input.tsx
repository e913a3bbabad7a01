import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { SearchIcon } from './icons.tsx';

/** A search box that reports its value 250 ms after typing stops. */
export function SearchInput({
  onSearch,
  placeholder = 'Search…',
  label,
  width = 280,
}: {
  onSearch: (value: string) => void;
  placeholder?: string;
  label?: string;
  width?: number | string;
}) {
  const [value, setValue] = useState('');
  const [debounced] = useDebouncedValue(value.trim(), 250);
  useEffect(() => onSearch(debounced), [debounced, onSearch]);
  return (
    <TextInput
      aria-label={label ?? placeholder}
      placeholder={placeholder}
      value={value}
      onChange={(e) => setValue(e.currentTarget.value)}
      leftSection={<SearchIcon />}
      rightSection={
        value ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setValue('')} /> : null
      }
      w={width}
    />
  );
}
