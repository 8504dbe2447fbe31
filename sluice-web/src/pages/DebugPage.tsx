import { Result } from 'antd';

export function DebugPage() {
  return <Result status="info" title="DebugPage is being built" />;
}
