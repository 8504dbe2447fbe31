import { Result } from 'antd';

export function GraphPage() {
  return <Result status="info" title="GraphPage is being built" />;
}
