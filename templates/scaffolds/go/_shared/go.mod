module {{componentId}}

go 1.23
