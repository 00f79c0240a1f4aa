import type { NewContext } from '../helpers';
import { openClientPage } from './client-page';

/** A page that runs the rogue peer (rogue-peer.ts) instead of the app. */
export const openRoguePeer = (newContext: NewContext) =>
	openClientPage(newContext, './rogue-peer.ts', 'rogue');
