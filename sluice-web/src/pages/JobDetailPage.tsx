import { Result } from 'antd';

export function JobDetailPage() {
  return <Result status="info" title="JobDetailPage is being built" />;
}
