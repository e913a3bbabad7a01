/**
 * Mantine components as typed router links: `<AnchorLink to="/sub-accounts/$subAccountId"
 * params={{ subAccountId }}>` checks the path and its params against the route tree, renders a
 * real `<a href>` (modifier-clicks open new tabs) and navigates client-side on a plain click.
 */
import {
  Anchor,
  Button,
  Card,
  Menu,
  NavLink,
  type AnchorProps,
  type ButtonProps,
  type CardProps,
  type ElementProps,
  type MenuItemProps,
  type NavLinkProps,
} from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { forwardRef } from 'react';

type AnchorAttributes<Own> = Own & ElementProps<'a', keyof Own & string>;

const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorAttributes<AnchorProps>>(
  function MantineAnchor(props, ref) {
    return <Anchor ref={ref} {...props} />;
  },
);
const MantineButton = forwardRef<HTMLAnchorElement, AnchorAttributes<ButtonProps>>(
  function MantineButton(props, ref) {
    return <Button component="a" ref={ref} {...props} />;
  },
);
const MantineCard = forwardRef<HTMLAnchorElement, AnchorAttributes<CardProps>>(
  function MantineCard(props, ref) {
    return <Card component="a" ref={ref} {...props} />;
  },
);
const MantineNavLink = forwardRef<HTMLAnchorElement, AnchorAttributes<NavLinkProps>>(
  function MantineNavLink(props, ref) {
    return <NavLink component="a" ref={ref} {...props} />;
  },
);
const MantineMenuItem = forwardRef<HTMLAnchorElement, AnchorAttributes<MenuItemProps>>(
  function MantineMenuItem(props, ref) {
    return <Menu.Item component="a" ref={ref} {...props} />;
  },
);

export const AnchorLink = createLink(MantineAnchor);
export const ButtonLink = createLink(MantineButton);
export const CardLink = createLink(MantineCard);
export const NavLinkLink = createLink(MantineNavLink);
export const MenuItemLink = createLink(MantineMenuItem);
