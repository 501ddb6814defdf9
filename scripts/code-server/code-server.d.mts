// Types for code-server.mjs (imported by the TypeScript e2e tests and benchmarks).
import type { Browser, Frame, LaunchOptions, Page } from 'playwright-core';

export const EXTENSION_ID: string;
export const CHROMIUM_ARGS: string[];

export interface IsolatedDirs {
  userDataDir: string;
  extensionsDir: string;
  codeServerBin?: string;
}

export function defaultSettings(opts?: { trust?: boolean }): Record<string, unknown>;
export function installExtension(
  vsix: string,
  dirs: IsolatedDirs,
): { status: number | null; stdout: string; stderr: string };
export function listExtensions(dirs: IsolatedDirs): string[];
export function isPortFree(port: number, host?: string): Promise<boolean>;
export function freePort(host?: string): Promise<number>;
export function pickPort(preferred: number | undefined, host?: string): Promise<number>;

export interface StartCodeServerOptions {
  vsix?: string;
  workspace?: string;
  userDataDir?: string;
  extensionsDir?: string;
  port?: number;
  host?: string;
  settings?: Record<string, unknown>;
  trust?: boolean;
  env?: Record<string, string>;
  echo?: boolean;
  codeServerBin?: string;
  startTimeout?: number;
  extraArgs?: string[];
}

export interface CodeServer {
  /** Workbench URL with the workspace folder opened. */
  url: string;
  baseUrl: string;
  port: number;
  host: string;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  logs(): string;
  stop(opts?: { keep?: boolean }): Promise<void>;
  exited: Promise<unknown>;
}

export function startCodeServer(opts?: StartCodeServerOptions): Promise<CodeServer>;
export function launchBrowser(opts?: LaunchOptions): Promise<Browser>;
export function openWorkbench(page: Page, url: string, opts?: { timeout?: number }): Promise<Page>;
export function openFile(page: Page, name: string, opts?: { timeout?: number }): Promise<void>;
export function runCommand(page: Page, title: string, opts?: { timeout?: number }): Promise<void>;
export function paletteEntries(page: Page, filter: string, opts?: { timeout?: number }): Promise<string[]>;
export function findWebviewFrame(
  page: Page,
  selector: string,
  opts?: { timeout?: number; interval?: number },
): Promise<Frame>;
export function screenshot(page: Page, path: string, opts?: Parameters<Page['screenshot']>[0]): Promise<string>;
