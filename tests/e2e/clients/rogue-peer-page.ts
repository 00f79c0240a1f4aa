import type { Browser } from '@playwright/test';
import { openClientPage } from './client-page';

/** A page that runs the rogue peer (rogue-peer.ts) instead of the app. */
export const openRoguePeer = (browser: Browser) =>
	openClientPage(browser, './rogue-peer.ts', 'rogue');
