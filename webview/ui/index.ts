/** The UI kit, as the rest of the webview sees it. */
export { registerToolkit } from './toolkit';
export { Button } from './Button';
export { TextField } from './TextField';
export { Dropdown, type DropdownOption } from './Dropdown';
export { Checkbox } from './Checkbox';
export { Divider } from './Divider';
export { Badge } from './Badge';
export { Icon } from './Icon';
