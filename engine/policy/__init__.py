"""The policy's rules and the domain's value formats: 豫政办〔2017〕44号's numbers, resident ID
numbers (GB 11643), division codes (GB/T 2260)."""
