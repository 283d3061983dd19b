import type { SelectionConfig } from './catalog/types.js';

export type Transport = 'stdio' | 'http';

export interface AwsConfig {
  /** Named profile; undefined = the SDK's default credential chain. */
  profile?: string;
  region: string;
  /** Endpoint overrides, as the SDK reads AWS_ENDPOINT_URL[_SFN|_SCHEMAS]. */
  endpoint?: string;
  sfnEndpoint?: string;
  schemasEndpoint?: string;
  /** Static credentials (used for the embedded local engine only). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface Config {
  aws: AwsConfig;
  selection: SelectionConfig;
  transport: Transport;
  host: string;
  port: number;
  /** Folder of state machines: run on the embedded local engine instead of AWS. */
  local?: string;
  waitBudgetSeconds: number;
  stopOnCancel: boolean;
  refreshSeconds: number;
  authTokens: string[];
}
