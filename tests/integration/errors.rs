// placeholder: written by the error-catalogue work
