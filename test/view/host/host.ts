/**
 * The test host page: embeds a view the way a desktop MCP Apps host does (a sandboxed iframe, no
 * same-origin), with the package's own host side (AppBridge over PostMessageTransport). The view's tool
 * calls go to `hostCallTool`, which the test exposes from Node, where the real MCP client sends them to
 * the real server.
 */
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

type CallToolParams = { name: string; arguments?: Record<string, unknown> };
type ToolResult = Parameters<AppBridge['sendToolResult']>[0];

declare global {
  interface Window {
    hostCallTool(params: CallToolParams): Promise<ToolResult>;
    mountView(html: string): Promise<void>;
    sendToolInput(args: Record<string, unknown>): Promise<void>;
    sendToolResult(result: ToolResult): Promise<void>;
  }
}

let bridge: AppBridge | undefined;

window.mountView = async (html) => {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.style.cssText = 'width: 900px; height: 400px; border: 1px solid #ccc';
  document.body.appendChild(iframe);
  bridge = new AppBridge(
    null,
    { name: 'view-test-host', version: '1.0.0' },
    { serverTools: {} },
    { hostContext: { theme: 'light', displayMode: 'inline', locale: 'en-GB' } },
  );
  bridge.oncalltool = (params) => window.hostCallTool(params as CallToolParams);
  bridge.onsizechange = ({ height }) => {
    if (height) iframe.style.height = `${height}px`;
  };
  const initialized = new Promise<void>((resolve) => {
    bridge!.oninitialized = () => resolve();
  });
  // Listen before the view runs: its first message is ui/initialize.
  await bridge.connect(new PostMessageTransport(iframe.contentWindow!, iframe.contentWindow!));
  iframe.srcdoc = html;
  await initialized;
};

window.sendToolInput = async (args) => {
  await bridge!.sendToolInput({ arguments: args });
};

window.sendToolResult = async (result) => {
  await bridge!.sendToolResult(result);
};
